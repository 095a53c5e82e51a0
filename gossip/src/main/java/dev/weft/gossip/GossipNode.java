package dev.weft.gossip;

import dev.weft.gossip.table.Change;
import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.EndpointTable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the swarm's gossip: ScaleCube membership over TCP, and one
 * {@link EndpointTable} per overlay network this node participates in, kept in step with the
 * tables of the other participants.
 *
 * <h2>Flow</h2>
 *
 * <ul>
 *   <li>{@link #publish} and {@link #withdraw} write the own table, then push the record at once
 *       to every known member that lists the network; the receivers merge it.
 *   <li>Anti-entropy: every {@link GossipSettings#antiEntropyInterval()}, per network, a request
 *       with the own digest to one random participant, whose reply is merged whole. Also as soon
 *       as a member joins, or its hello starts listing a network this node has. At most four
 *       requests are outstanding; the rest wait in a queue, so a network joined by many nodes at
 *       once does not flood the cluster.
 *   <li>Membership: ScaleCube finds the members; what networks each is in travels in weft's own
 *       hellos (on every change, to every known member, and once per anti-entropy round to a random
 *       one), not in ScaleCube metadata updates. A member is alive while ScaleCube counts it or
 *       weft traffic from it keeps arriving; a node with no alive member is marked down in every
 *       table (entries stay visible) but stays a target for the dead-retention time, so traffic
 *       resumes the moment a partition heals (see {@link MemberDirectory}). Every second, tables are reaped
 *       ({@link dev.weft.gossip.table.ReapPolicy#of}), and tables of networks this node left a
 *       tombstone TTL ago are dropped.
 *   <li>A node alone for {@value #REJOIN_AFTER_SYNC_INTERVALS} membership sync intervals rejoins
 *       through its current {@link #seeds}.
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * All state lives on one event thread owned by the node: ScaleCube's callbacks hop onto it, the
 * public methods run on it (and wait for it), and {@link Listener} is called on it. The listener
 * may call this node's methods; they then run inline.
 */
public final class GossipNode implements AutoCloseable {
  static final int REJOIN_AFTER_SYNC_INTERVALS = 3;
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(GossipNode.class);

  /** Receives the visible changes of every table, in order, on the node's event thread. */
  public interface Listener {
    /**
     * The changes one operation made to {@code networkId}'s table, own endpoints included. Must
     * not block. When the node stops participating in a network (the tombstone TTL after its last
     * own endpoint there was withdrawn) the table is dropped without further changes: the agent
     * has removed that network's data plane with its last endpoint.
     */
    void changed(String networkId, List<Change> changes);

    /**
     * Which other nodes are alive changed (one went down, its lease ran out, or it came back): the
     * tables are the same, but whether their records may be balanced to is not. Must not block.
     */
    default void peersChanged() {}
  }

  private final GossipConfig config;
  private final ScheduledExecutorService loop;
  private final EndpointGossip gossip;
  private volatile Thread loopThread;
  private volatile boolean closed;

  private GossipNode(GossipConfig config, GossipSettings settings, Listener listener, LongSupplier clock,
      RandomGenerator random) {
    this.config = config;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "weft-gossip-" + config.nodeId());
      t.setDaemon(true);
      loopThread = t;
      return t;
    });
    this.gossip = new EndpointGossip(config, settings, listener, clock, random, this::onLoop);
  }

  /**
   * Starts a member on {@code config.bindHost():config.port()}, joins through the seeds, and
   * returns once the initial sync with them is done. Uses a monotonic clock and a default random
   * generator.
   *
   * @throws java.io.UncheckedIOException if the port cannot be bound
   */
  public static GossipNode start(GossipConfig config, GossipSettings settings, Listener listener) {
    return start(config, settings, listener, () -> System.nanoTime() / 1_000_000,
        RandomGenerator.getDefault());
  }

  /**
   * As {@link #start(GossipConfig, GossipSettings, Listener)}, with the clock and the random
   * generator injected.
   *
   * @param clockMillis milliseconds of a monotonic clock; tables age entries by it
   * @param random picks the anti-entropy peers
   */
  public static GossipNode start(GossipConfig config, GossipSettings settings, Listener listener,
      LongSupplier clockMillis, RandomGenerator random) {
    if (config == null || settings == null || listener == null || clockMillis == null || random == null) {
      throw new IllegalArgumentException("config, settings, listener, clock and random are required");
    }
    GossipNode node = new GossipNode(config, settings, listener, clockMillis, random);
    try {
      node.call(() -> {
        node.gossip.join(config.seeds());
        return null;
      });
    } catch (RuntimeException e) {
      node.loop.shutdownNow();
      throw e;
    }
    node.loop.scheduleWithFixedDelay(node.guarded("anti-entropy", node.gossip::antiEntropyRound),
        settings.antiEntropyInterval().toMillis(), settings.antiEntropyInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    node.loop.scheduleWithFixedDelay(node.guarded("tick", node.gossip::tick), TICK.toMillis(),
        TICK.toMillis(), TimeUnit.MILLISECONDS);
    return node;
  }

  /**
   * Publishes one of this node's live endpoints, or updates it: writes it to the network's table
   * (created, and announced in a hello, on the first endpoint) and pushes it to the
   * network's participants. The VTEP is {@code config.dataPathIp()}, the version the table's next.
   * Publishing an endpoint again unchanged does nothing.
   *
   * @throws IllegalArgumentException if a field is invalid (see {@link EndpointRecord})
   */
  public void publish(String networkId, String endpointId, String ip, String mac, String name,
      List<String> aliases) {
    call(() -> {
      gossip.publish(networkId, endpointId, ip, mac, name, aliases);
      return null;
    });
  }

  /**
   * Withdraws one of this node's endpoints: writes its tombstone and pushes it to the network's
   * participants. Does nothing if there is no such live endpoint.
   */
  public void withdraw(String networkId, String endpointId) {
    call(() -> {
      gossip.withdraw(networkId, endpointId);
      return null;
    });
  }

  /** The live endpoints of {@code networkId}, own ones included; empty if this node has no table. */
  public List<EndpointRecord> live(String networkId) {
    return call(() -> {
      EndpointTable table = gossip.tables().get(networkId);
      return table == null ? List.of() : table.live();
    });
  }

  /** The other alive nodes that participate in {@code networkId}, by node id. */
  public List<Peer> peers(String networkId) {
    return call(() -> gossip.alivePeers(networkId).stream()
        .map(m -> new Peer(m.nodeId(), m.info().dataPathIp()))
        .toList());
  }

  /** The networks this node participates in, sorted. */
  public Set<String> networks() {
    return call(() -> gossip.tables().networks());
  }

  /**
   * Replaces the managers' gossip addresses, used when this node next rejoins (see the class
   * documentation); the current membership is not touched.
   */
  public void seeds(List<InetSocketAddress> seeds) {
    if (seeds == null) {
      throw new IllegalArgumentException("seeds must not be null; use List.of()");
    }
    List<InetSocketAddress> copy = List.copyOf(seeds);
    call(() -> {
      gossip.seeds(copy);
      return null;
    });
  }

  /** How many nodes are alive, this one included. */
  public int members() {
    return call(() -> gossip.aliveNodes() + 1);
  }

  /** This node's configuration. */
  public GossipConfig config() {
    return config;
  }

  /** Leaves the cluster (peers see this node leaving at once) and stops the event thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      call(() -> {
        gossip.leave().join(); // bounded: a hanging shutdown is given up after a few seconds
        return null;
      });
    } finally {
      closed = true;
      loop.shutdownNow();
      try {
        loop.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs {@code task} on the event thread later; dropped once the node is closed. */
  private void onLoop(Runnable task) {
    try {
      loop.execute(guarded("event", task));
    } catch (RejectedExecutionException e) {
      LOG.debug("node {} is closed; dropping an event", config.nodeId());
    }
  }

  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("node {}: {} failed", config.nodeId(), what, e);
      }
    };
  }

  /** Runs {@code task} on the event thread and waits for it; inline if already there. */
  private <T> T call(Callable<T> task) {
    if (Thread.currentThread() == loopThread) {
      return runInline(task);
    }
    if (closed) {
      throw new IllegalStateException("gossip node " + config.nodeId() + " is closed");
    }
    Future<T> future;
    try {
      future = loop.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("gossip node " + config.nodeId() + " is closed", e);
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static <T> T runInline(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
