package dev.weft.gossip;

import dev.weft.gossip.table.Change;
import dev.weft.gossip.table.EndpointRecord;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Starts gossip nodes on 127.0.0.1 for in-process cluster tests, on random ports in 20000–32000
 * (below the ephemeral range; another port on a bind failure), and closes them all at the end.
 * Randomness is seeded and printed, so a run can be repeated with {@code -Dweft.gossip.seed=N}.
 */
final class TestNodes implements AutoCloseable {
  static final String HOST = "127.0.0.1";

  /** Fast timing for loopback: removal in about a second, anti-entropy every 300 ms. */
  static final GossipSettings FAST = new GossipSettings(Duration.ofMillis(100), Duration.ofMillis(50),
      Duration.ofMillis(30), 3, 3, Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofSeconds(30));

  private final long seed;
  private final SplittableRandom random;
  private final List<GossipNode> nodes = new ArrayList<>();

  TestNodes() {
    this.seed = Long.getLong("weft.gossip.seed", System.nanoTime());
    this.random = new SplittableRandom(seed);
    System.out.println("TestNodes seed " + seed);
  }

  /** A node of incarnation 1 joining through {@code seeds}. */
  GossipNode start(String nodeId, GossipSettings settings, Recorder listener, GossipNode... seeds) {
    return start(nodeId, 1, settings, listener, addresses(seeds));
  }

  GossipNode start(String nodeId, long incarnation, GossipSettings settings, Recorder listener,
      List<InetSocketAddress> seeds) {
    return start(nodeId, incarnation, settings, listener, seeds, 0);
  }

  /** As above, on {@code port} if it is not 0 (a restart on the same port), else on a random one. */
  GossipNode start(String nodeId, long incarnation, GossipSettings settings, Recorder listener,
      List<InetSocketAddress> seeds, int port) {
    UncheckedIOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      int p = port != 0 && attempt < 10 ? port : 20_000 + random.nextInt(12_000);
      GossipConfig config = new GossipConfig(nodeId, HOST, p, HOST, dataPathIp(nodeId), incarnation, seeds);
      try {
        GossipNode node = GossipNode.start(config, settings, listener, () -> System.nanoTime() / 1_000_000,
            new SplittableRandom(random.nextLong()));
        nodes.add(node);
        return node;
      } catch (UncheckedIOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The node's VTEP in the tests: inside 198.18.0.0/15, derived from its id. */
  static String dataPathIp(String nodeId) {
    return "198.19.1." + (Math.floorMod(nodeId.hashCode(), 250) + 1);
  }

  static List<InetSocketAddress> addresses(GossipNode... nodes) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (GossipNode n : nodes) {
      addresses.add(InetSocketAddress.createUnresolved(HOST, n.config().port()));
    }
    return addresses;
  }

  /** Publishes endpoint {@code id} at overlay address 198.18.0.{@code host}. */
  static void publish(GossipNode node, String network, String id, int host) {
    node.publish(network, id, "198.18.0." + host, String.format("02:42:c6:12:00:%02x", host), "ctr-" + id,
        List.of("alias-" + id));
  }

  /** The endpoint ids (as {@code id@owner}) visible on {@code node} in {@code network}, sorted. */
  static List<String> ids(GossipNode node, String network) {
    return node.live(network).stream().map(r -> r.endpointId() + "@" + r.owner()).sorted().toList();
  }

  /** Polls {@code condition} every 20 ms until it holds, failing after {@code timeout}. */
  static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + timeout + ": " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  @Override
  public void close() {
    for (GossipNode node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        System.out.println("closing " + node.config().nodeId() + ": " + e);
      }
    }
  }

  /** Records every change a node delivers, with the network. */
  static final class Recorder implements GossipNode.Listener {
    record Delivered(String networkId, Change change) {}

    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void changed(String networkId, List<Change> changes) {
      for (Change c : changes) {
        delivered.add(new Delivered(networkId, c));
      }
    }

    List<Delivered> all() {
      return Collections.unmodifiableList(delivered);
    }

    boolean any(String networkId) {
      return delivered.stream().anyMatch(d -> d.networkId().equals(networkId));
    }

    /** Whether a removal of {@code endpointId} by {@code owner} with {@code cause} was delivered. */
    boolean removed(String endpointId, String owner, Change.Cause cause) {
      return delivered.stream().anyMatch(d -> d.change() instanceof Change.Removed r
          && r.cause() == cause && r.record().endpointId().equals(endpointId)
          && r.record().owner().equals(owner));
    }

    EndpointRecord lastAdded(String endpointId) {
      EndpointRecord last = null;
      for (Delivered d : delivered) {
        if (d.change() instanceof Change.Added a && a.record().endpointId().equals(endpointId)) {
          last = a.record();
        }
      }
      return last;
    }
  }
}
