package dev.weft.manager.api;

import dev.weft.manager.liveness.HeartbeatLedger;
import dev.weft.manager.liveness.LivenessSettings;
import dev.weft.manager.raft.RaftView;
import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.DispatcherGrpc;
import dev.weft.proto.HeartbeatRequest;
import dev.weft.proto.HeartbeatResponse;
import dev.weft.proto.ManagerEndpoint;
import dev.weft.proto.Node;
import dev.weft.proto.NodeState;
import dev.weft.proto.UpdateNodeStatus;
import dev.weft.security.NodeIdentity;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats from agents. Only the leader accepts them (it alone tracks liveness); other managers
 * answer with where the leader is. A heartbeat from a node that is not Ready writes it Ready
 * before answering.
 */
public final class DispatcherService extends DispatcherGrpc.DispatcherImplBase {
  private static final Logger log = LoggerFactory.getLogger(DispatcherService.class);

  private final ClusterStore store;
  private final Writes writes;
  private final RaftView raft;
  private final HeartbeatLedger ledger;
  private final LivenessSettings settings;
  private final InstantSource clock;

  public DispatcherService(ClusterStore store, Writes writes, RaftView raft, HeartbeatLedger ledger,
      LivenessSettings settings, InstantSource clock) {
    this.store = store;
    this.writes = writes;
    this.raft = raft;
    this.ledger = ledger;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    ControlService.answer(out, () -> {
      StoreState state = store.state();
      if (!raft.isLeader()) {
        String leaderAddr = raft.leaderId().flatMap(state::node)
            .filter(Node::hasManagerStatus).map(n -> n.getManagerStatus().getControlAddr()).orElse("");
        return HeartbeatResponse.newBuilder().setAccepted(false).setLeaderAddr(leaderAddr).build();
      }
      Node node = state.node(caller.nodeId()).orElseThrow(() -> Status.NOT_FOUND
          .withDescription("node " + caller.nodeId() + " is not in the swarm").asRuntimeException());
      ledger.heartbeat(node.getId(), clock.instant());
      if (node.getStatus().getState() != NodeState.NODE_STATE_READY) {
        node = writes.commit(writes.action().setUpdateNodeStatus(UpdateNodeStatus.newBuilder()
            .setNodeId(node.getId()).setState(NodeState.NODE_STATE_READY)
            .setDescription(node.getDescription().toBuilder().setVersion(request.getVersion())))).getNode();
        log.info("node {} ({}) is Ready", node.getId(), node.getDescription().getHostname());
      }
      HeartbeatResponse.Builder response = HeartbeatResponse.newBuilder()
          .setAccepted(true)
          .setPeriodMs((int) settings.heartbeatPeriod().toMillis())
          .setDesiredRole(node.getSpec().getDesiredRole())
          .setRole(node.getRole());
      for (Node n : state.sortedNodes()) {
        if (n.hasManagerStatus()) {
          response.addManagers(ManagerEndpoint.newBuilder()
              .setNodeId(n.getId()).setControlAddr(n.getManagerStatus().getControlAddr()));
        }
      }
      return response.build();
    });
  }
}
