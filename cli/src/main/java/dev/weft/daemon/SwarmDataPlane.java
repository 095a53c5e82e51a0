package dev.weft.daemon;

import dev.weft.agent.network.LocalNetworking;
import dev.weft.agent.overlay.EndpointDirectory;
import dev.weft.agent.overlay.OverlayNetworks;
import dev.weft.agent.overlay.RoutingMesh;
import dev.weft.agent.logs.LogPublisher;
import dev.weft.agent.session.AssignmentFollower;
import dev.weft.gossip.GossipConfig;
import dev.weft.gossip.GossipNode;
import dev.weft.gossip.GossipSettings;
import dev.weft.gossip.table.EndpointRecord;
import dev.weft.proto.LocalNodeState;
import dev.weft.proto.PeerView;
import dev.weft.security.HostPort;
import dev.weft.security.ManagerChannels;
import dev.weft.security.NodeCredentials;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part of the swarm's data plane while it is in a swarm: its gossip member (seeded
 * with the managers), its assignment stream, and the overlay service handed to local networking.
 * Started with the agent's session and stopped with it.
 */
final class SwarmDataPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwarmDataPlane.class);

  private final LocalNetworking local;
  private final DataRoot data;
  private final int gossipPort;
  private final GossipSettings gossipSettings;
  private final ScheduledExecutorService scheduler;
  /** How long removing tasks waits for their names and backends to go. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(3);
  private final ExecutorService reprogram = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weft-overlay");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean reprogramPending = new AtomicBoolean();
  /**
   * How often the overlay sandboxes are planned against the kernel's own state rather than what
   * was last applied, repairing entries something else removed or changed. Between passes, a table
   * change costs only the ip/bridge batches it needs.
   */
  static final Duration VERIFY_INTERVAL = Duration.ofSeconds(30);
  private final Map<String, ManagedChannel> channels = new HashMap<>();
  private GossipNode gossip;
  private AssignmentFollower follower;
  private LogPublisher logs;
  private TaskRunner tasks;
  private OverlayNetworks overlays;
  private RoutingMesh mesh;
  private ScheduledFuture<?> verification;

  SwarmDataPlane(LocalNetworking local, DataRoot data, int gossipPort, GossipSettings gossipSettings,
      ScheduledExecutorService scheduler) {
    this.local = local;
    this.data = data;
    this.gossipPort = gossipPort;
    this.gossipSettings = gossipSettings;
    this.scheduler = scheduler;
  }

  synchronized void start(LocalNodeState state, NodeCredentials credentials, Supplier<List<String>> managers) {
    String advertise = HostPort.parse(state.getAdvertiseAddr(), ManagerChannels.DEFAULT_PORT).host();
    String dataPathIp = state.getDataPathAddr().isBlank() ? advertise : state.getDataPathAddr();
    long incarnation = data.nextIncarnation();
    gossip = GossipNode.start(new GossipConfig(state.getNodeId(), advertise, gossipPort, advertise, dataPathIp,
        incarnation, seeds(managers.get(), advertise)), gossipSettings, new GossipNode.Listener() {
          @Override
          public void changed(String networkId, List<dev.weft.gossip.table.Change> changes) {
            // This node's own endpoints are plumbed locally, not through the tables; but its own
            // tasks coming and going change the backends of virtual IPs and of the routing mesh.
            if (changes.stream().anyMatch(c -> !c.record().owner().equals(state.getNodeId())
                || c.record().aliases().stream().anyMatch(a -> a.startsWith("tasks.")))) {
              remoteChanged();
            }
          }

          @Override
          public void peersChanged() {
            remoteChanged(); // the tasks of a node that went down are no longer balanced to
          }
        });
    java.util.function.Function<String, ManagedChannel> channel = addr -> channel(addr, credentials);
    ManagerAttachments attachments = new ManagerAttachments(managers, channel, scheduler);
    overlays = local.overlayNetworks(attachments, directory(gossip), state.getNodeId(), dataPathIp,
        () -> System.nanoTime() / 1_000_000);
    local.overlays(overlays);
    RoutingMesh routingMesh = local.routingMesh(overlays);
    mesh = routingMesh;
    tasks = new TaskRunner(local.containers(), attachments, java.time.InstantSource.system(), scheduler,
        this::drain);
    follower = new AssignmentFollower(managers, channel, scheduler, held -> {
      OverlayNetworks o;
      synchronized (this) {
        o = overlays;
      }
      if (o != null) {
        o.services(held.services().values());
        o.placements(held.placements().values());
        routingMesh.assigned(held.networks(), held.attachments().values(), held.services().values(),
            held.dataPathPort());
        reprogram.execute(() -> reprogram(false)); // names, virtual IPs and published ports of the services
      }
      tasks.assigned(held);
      for (String unused : local.unusedAttachments(held.attachments().keySet(), routingMesh.endpointId())) {
        log.info("endpoint {} holds an address at the managers but no local container uses it: freeing it", unused);
        attachments.detach(unused);
      }
      GossipNode g = gossip;
      if (g != null) {
        g.seeds(seeds(managers.get(), advertise));
      }
    });
    follower.start();
    var containers = local.containers();
    logs = new LogPublisher(managers, channel, scheduler, taskId -> containers.list(true).stream()
        .filter(c -> c.getSpec().getTaskId().equals(taskId)).findFirst().map(c -> containers.logFile(c.getId())));
    logs.start();
    verification = scheduler.scheduleWithFixedDelay(() -> reprogram.execute(() -> reprogram(true)),
        VERIFY_INTERVAL.toSeconds(), VERIFY_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    log.info("data plane started: gossip on {}:{} (incarnation {}), VXLAN from {}", advertise, gossipPort,
        incarnation, dataPathIp);
  }

  /** The managers' gossip addresses (their control hosts, on the gossip port), this node excluded. */
  private List<InetSocketAddress> seeds(List<String> managers, String self) {
    List<InetSocketAddress> seeds = new ArrayList<>();
    for (String m : new LinkedHashSet<>(managers)) {
      String host = HostPort.parse(m, ManagerChannels.DEFAULT_PORT).host();
      if (!host.equals(self)) {
        seeds.add(new InetSocketAddress(host, gossipPort));
      }
    }
    return seeds;
  }

  /**
   * Reprograms on the reprogramming thread and waits (a few seconds at most): a task the managers
   * removed is out of the placements already, so this takes it out of DNS, virtual IPs and the
   * mesh before its container is killed.
   */
  private void drain() {
    try {
      reprogram.submit(() -> reprogram(false)).get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.warn("draining before removing tasks: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("not draining: the data plane is closing");
    }
  }

  /** Coalesces bursts of table changes into one reprogramming pass, planned against what was applied. */
  private void remoteChanged() {
    if (reprogramPending.compareAndSet(false, true)) {
      reprogram.execute(() -> {
        reprogramPending.set(false);
        reprogram(false);
      });
    }
  }

  /** Reprograms every overlay sandbox and DNS; on the reprogramming thread. */
  private void reprogram(boolean readKernel) {
    OverlayNetworks o;
    RoutingMesh m;
    synchronized (this) {
      o = overlays;
      m = mesh;
    }
    if (o != null) {
      try {
        local.overlayChanged(o, m, readKernel);
      } catch (RuntimeException e) {
        log.warn("reprogramming overlays failed: {}", e.toString());
      }
    }
  }

  private static EndpointDirectory directory(GossipNode gossip) {
    return new EndpointDirectory() {
      @Override
      public void publish(String networkId, String endpointId, String ip, String mac, String name, List<String> aliases) {
        gossip.publish(networkId, endpointId, ip, mac, name, aliases);
      }

      @Override
      public void withdraw(String networkId, String endpointId) {
        gossip.withdraw(networkId, endpointId);
      }

      @Override
      public List<EndpointRecord> live(String networkId) {
        return gossip.live(networkId);
      }

      @Override
      public List<PeerView> peers(String networkId) {
        return gossip.peers(networkId).stream()
            .map(p -> PeerView.newBuilder().setName(p.nodeId()).setIp(p.dataPathIp()).build()).toList();
      }
    };
  }

  /** The channel to a manager, shared by the assignment stream, attachments, task reports and logs. */
  private synchronized ManagedChannel channel(String addr, NodeCredentials credentials) {
    return ManagerChannels.retryingNow(
        channels.computeIfAbsent(addr, a -> ManagerChannels.open(a, credentials.channelCredentials())));
  }

  /**
   * The node leaves the swarm (Docker's {@code swarm leave}): its task containers are removed, the
   * routing mesh (table, host endpoint, ingress sandbox) is torn down and overlay sandboxes with no
   * endpoint left go with them; then the data plane stops. Containers started with {@code weft run}
   * stay. A daemon that only shuts down calls {@link #stop} and keeps all of it for its restart.
   */
  synchronized void leave() {
    stopTaskWork();
    var containers = local.containers();
    for (dev.weft.proto.Container c : containers.list(true)) {
      if (!c.getSpec().getTaskId().isEmpty()) {
        try {
          containers.remove(c.getId(), true);
          log.info("left the swarm: task container {} removed", c.getSpec().getName());
        } catch (RuntimeException e) {
          log.warn("left the swarm: task container {} not removed: {}", c.getSpec().getName(), e.getMessage());
        }
      }
    }
    if (mesh != null && overlays != null) {
      mesh.assigned(Map.of(), List.of(), List.of(), 0);
      local.overlayChanged(overlays, mesh, false);
    }
    stop();
  }

  /** No more assignments, and no more task starts or removals. */
  private void stopTaskWork() {
    if (follower != null) {
      follower.close();
      follower = null;
    }
    if (tasks != null) {
      tasks.close();
      tasks = null;
    }
  }

  synchronized void stop() {
    if (verification != null) {
      verification.cancel(false);
      verification = null;
    }
    stopTaskWork();
    if (logs != null) {
      logs.close();
      logs = null;
    }
    if (gossip != null) {
      gossip.close();
      gossip = null;
    }
    overlays = null;
    mesh = null;
    channels.values().forEach(ManagerChannels::close);
    channels.clear();
  }

  @Override
  public void close() {
    stop();
    reprogram.shutdownNow();
  }
}
