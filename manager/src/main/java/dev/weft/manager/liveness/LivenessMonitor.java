package dev.weft.manager.liveness;

import dev.weft.manager.raft.Proposer;
import dev.weft.manager.raft.RaftView;
import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.NodeState;
import dev.weft.proto.StoreAction;
import dev.weft.proto.UpdateNodeStatus;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader-only loop that writes silent nodes Down. Runs on every manager; acts only while this
 * manager leads, and restarts the ledger's clocks each time it becomes leader.
 */
public final class LivenessMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LivenessMonitor.class);

  private final ClusterStore store;
  private final Proposer proposer;
  private final RaftView raft;
  private final HeartbeatLedger ledger;
  private final InstantSource clock;
  private final ScheduledFuture<?> task;
  private boolean wasLeader;

  public LivenessMonitor(ClusterStore store, Proposer proposer, RaftView raft, HeartbeatLedger ledger,
      LivenessSettings settings, InstantSource clock, ScheduledExecutorService scheduler) {
    this.store = store;
    this.proposer = proposer;
    this.raft = raft;
    this.ledger = ledger;
    this.clock = clock;
    long period = settings.checkPeriod().toMillis();
    this.task = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  void check() {
    try {
      boolean leader = raft.isLeader();
      if (leader && !wasLeader) {
        ledger.leadershipGained(clock.instant());
        log.info("leading: every node gets a fresh heartbeat grace period");
      }
      wasLeader = leader;
      if (!leader) {
        return;
      }
      for (String nodeId : ledger.silent(store.state(), clock.instant())) {
        String name = store.state().node(nodeId).map(n -> n.getDescription().getHostname()).orElse(nodeId);
        log.info("node {} ({}) missed its heartbeats: marking it Down", nodeId, name);
        proposer.propose(StoreAction.newBuilder().setAtUnixMs(clock.millis())
            .setUpdateNodeStatus(UpdateNodeStatus.newBuilder().setNodeId(nodeId)
                .setState(NodeState.NODE_STATE_DOWN).setMessage("heartbeat failure"))
            .build()).join();
      }
    } catch (RuntimeException e) {
      log.warn("liveness check failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
