package dev.weft.manager.cluster;

import dev.weft.manager.api.ControlService;
import dev.weft.manager.api.DispatcherService;
import dev.weft.manager.api.NodeCaService;
import dev.weft.manager.api.PeerAuthorizer;
import dev.weft.manager.api.Writes;
import dev.weft.manager.dispatch.AssignmentStreams;
import dev.weft.manager.logs.LogBroker;
import dev.weft.manager.liveness.HeartbeatLedger;
import dev.weft.manager.liveness.LivenessMonitor;
import dev.weft.manager.raft.Proposer;
import dev.weft.manager.raft.RaftMember;
import dev.weft.manager.service.TaskLoop;
import dev.weft.manager.store.ClusterStore;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.ratis.protocol.RaftPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running manager: Raft member, mutual-TLS endpoint (CA, dispatcher, control) and liveness.
 * Start order: Raft first (so the store is loaded), then the endpoint, then the loops; stop in
 * reverse.
 */
public final class Manager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Manager.class);

  private final ManagerConfig config;
  private final ClusterStore store;
  private final RaftMember raft;
  private final ControlService control;
  private final Server server;
  private final LivenessMonitor liveness;
  private final ExecutorService admin;
  private final AssignmentStreams streams;
  private final TaskLoop tasks;

  private Manager(ManagerConfig config, ClusterStore store, RaftMember raft, ControlService control,
      Server server, LivenessMonitor liveness, ExecutorService admin, AssignmentStreams streams, TaskLoop tasks) {
    this.streams = streams;
    this.tasks = tasks;
    this.config = config;
    this.store = store;
    this.raft = raft;
    this.control = control;
    this.server = server;
    this.liveness = liveness;
    this.admin = admin;
  }

  /**
   * Starts a manager.
   *
   * @param initialPeers this node alone when founding a swarm; empty when joining or restarting
   */
  public static Manager start(ManagerConfig config, Collection<RaftPeer> initialPeers,
      InstantSource clock, RandomGenerator random, ScheduledExecutorService scheduler) throws IOException {
    ClusterStore store = new ClusterStore();
    ExecutorService admin = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "raft-admin");
      t.setDaemon(true);
      return t;
    });
    RaftMember raft = new RaftMember(config.nodeId(), config.raftGroupUuid(), config.raftDir(),
        config.raftListen().host(), config.raftListen().port(), config.raft(), config.credentials(),
        config.clusterId(), initialPeers, store, admin, clock);
    raft.start(scheduler);
    Proposer proposer = raft;
    Writes writes = new Writes(proposer, store, clock);
    HeartbeatLedger ledger = new HeartbeatLedger(config.liveness());
    LogBroker logs = new LogBroker(scheduler, () -> dev.weft.manager.ca.NodeIds.generate(random));
    store.watch(state -> logs.storeChanged());
    ControlService control = new ControlService(store, raft, writes, raft, random, config.advertiseControl().toString(),
        logs);
    PeerAuthorizer authorizer = new PeerAuthorizer(store);
    AssignmentStreams streams = new AssignmentStreams(store);
    Server server = NettyServerBuilder
        .forAddress(new InetSocketAddress(config.listen().host(), config.listen().port()),
            config.credentials().serverCredentials())
        .addService(ServerInterceptors.intercept(new NodeCaService(store, writes, clock, random), authorizer))
        .addService(ServerInterceptors.intercept(
            new DispatcherService(store, writes, raft, ledger, config.liveness(), clock, streams, logs), authorizer))
        .addService(ServerInterceptors.intercept(control, authorizer))
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      streams.close();
      raft.close();
      throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
    }
    LivenessMonitor liveness = new LivenessMonitor(store, proposer, raft, ledger, config.liveness(), clock, scheduler);
    TaskLoop tasks = new TaskLoop(store, proposer, raft, clock, random, scheduler);
    log.info("manager listening on {} (Raft on {})", config.listen(), config.raftListen());
    return new Manager(config, store, raft, control, server, liveness, admin, streams, tasks);
  }

  public ClusterStore store() {
    return store;
  }

  public RaftMember raft() {
    return raft;
  }

  public Proposer proposer() {
    return raft;
  }

  /** The control API, for serving on the local unix socket too. */
  public ControlService control() {
    return control;
  }

  public ManagerConfig config() {
    return config;
  }

  /** Waits until some manager leads (this one or another), or the timeout passes. */
  public boolean awaitLeader(Duration timeout, InstantSource clock) throws InterruptedException {
    long deadline = clock.millis() + timeout.toMillis();
    while (clock.millis() < deadline) {
      if (raft.leaderId().isPresent()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return false;
  }

  @Override
  public void close() {
    tasks.close();
    liveness.close();
    streams.close();
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      raft.close();
    } catch (IOException e) {
      log.warn("closing Raft: {}", e.toString());
    }
    admin.shutdownNow();
    log.info("manager stopped");
  }
}
