package dev.weft.manager.api;

import dev.weft.manager.dispatch.AssignmentStreams;
import dev.weft.manager.logs.LogBroker;
import dev.weft.proto.LogPublish;
import dev.weft.proto.LogRequest;
import dev.weft.manager.liveness.HeartbeatLedger;
import dev.weft.manager.liveness.LivenessSettings;
import dev.weft.manager.network.AttachmentAddresses;
import dev.weft.manager.raft.RaftView;
import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import dev.weft.manager.store.TaskRules;
import dev.weft.proto.Assignments;
import dev.weft.proto.AssignmentsRequest;
import dev.weft.proto.AttachRequest;
import dev.weft.proto.AttachResponse;
import dev.weft.proto.Attachment;
import dev.weft.proto.CreateAttachment;
import dev.weft.proto.DetachRequest;
import dev.weft.proto.DispatcherGrpc;
import dev.weft.proto.Empty;
import dev.weft.proto.HeartbeatRequest;
import dev.weft.proto.HeartbeatResponse;
import dev.weft.proto.ManagerEndpoint;
import dev.weft.proto.Network;
import dev.weft.proto.Node;
import dev.weft.proto.NodeState;
import dev.weft.proto.RemoveAttachment;
import dev.weft.proto.TaskStatusReport;
import dev.weft.proto.UpdateNodeStatus;
import dev.weft.proto.UpdateTaskStatus;
import dev.weft.security.NodeIdentity;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats from agents, their attachments to swarm networks, and their assignment streams.
 * Only the leader accepts heartbeats (it alone tracks liveness); other managers answer with where
 * the leader is. A heartbeat from a node that is not Ready writes it Ready before answering.
 * Attachments and assignment streams are served by any manager: writes go through Raft, and
 * every manager holds the same store.
 */
public final class DispatcherService extends DispatcherGrpc.DispatcherImplBase {
  private static final Logger log = LoggerFactory.getLogger(DispatcherService.class);

  private final ClusterStore store;
  private final Writes writes;
  private final RaftView raft;
  private final HeartbeatLedger ledger;
  private final LivenessSettings settings;
  private final InstantSource clock;
  private final AssignmentStreams streams;
  private final LogBroker logs;

  public DispatcherService(ClusterStore store, Writes writes, RaftView raft, HeartbeatLedger ledger,
      LivenessSettings settings, InstantSource clock, AssignmentStreams streams, LogBroker logs) {
    this.streams = streams;
    this.logs = logs;
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

  /** How often an attach is retried when another manager's commit took the chosen address first. */
  static final int ATTACH_ATTEMPTS = 5;

  @Override
  public void attach(AttachRequest request, StreamObserver<AttachResponse> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    ControlService.answer(out, () -> {
      if (request.getEndpointId().isBlank() || request.getEndpointId().length() > 64) {
        throw Status.INVALID_ARGUMENT.withDescription("an endpoint id of 1-64 characters is required").asRuntimeException();
      }
      java.util.Set<Long> refused = new java.util.HashSet<>();
      for (int attempt = 1; ; attempt++) {
        StoreState state = store.state();
        Network network = SwarmNetworkRefs.find(state, request.getNetwork());
        Attachment existing = state.attachments().get(request.getEndpointId());
        if (existing != null && existing.getNodeId().equals(caller.nodeId())) {
          return response(state, network, existing);
        }
        if (network.getSpec().getIngress()) {
          throw Status.FAILED_PRECONDITION.withDescription("the ingress network " + network.getSpec().getName()
              + " carries published ports of services; containers cannot be attached to it").asRuntimeException();
        }
        if (!network.getSpec().getAttachable()) {
          throw Status.FAILED_PRECONDITION.withDescription("network " + network.getSpec().getName()
              + " is not manually attachable; create it with --attachable to run standalone containers on it")
              .asRuntimeException();
        }
        String address;
        try {
          address = AttachmentAddresses.choose(network, state, request.getIpv4(), refused);
        } catch (IllegalArgumentException e) {
          throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        Attachment attachment = Attachment.newBuilder().setId(request.getEndpointId()).setNetworkId(network.getId())
            .setNodeId(caller.nodeId()).setAddress(address).setContainerName(request.getContainerName()).build();
        try {
          Attachment stored = writes.commit(writes.action().setCreateAttachment(
              CreateAttachment.newBuilder().setAttachment(attachment))).getAttachment();
          log.info("endpoint {} of {} on node {} attached to network {} at {}", request.getEndpointId(),
              request.getContainerName(), caller.nodeId(), network.getSpec().getName(), stored.getAddress());
          return response(store.state(), network, stored);
        } catch (io.grpc.StatusRuntimeException e) {
          boolean raced = e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
              && String.valueOf(e.getStatus().getDescription()).startsWith("Address already in use")
              && request.getIpv4().isBlank();
          if (!raced || attempt >= ATTACH_ATTEMPTS) {
            throw e;
          }
          // This manager's store lags the leader's: the address went to an endpoint it has not seen yet.
          refused.add(dev.weft.net.Ipv4.parse(address.substring(0, address.indexOf('/'))));
        }
      }
    });
  }

  private static AttachResponse response(StoreState state, Network network, Attachment attachment) {
    int port = state.cluster() == null ? 0 : state.cluster().getSpec().getDataPathPort();
    return AttachResponse.newBuilder().setNetwork(state.networks().getOrDefault(network.getId(), network))
        .setAttachment(attachment).setDataPathPort(port == 0 ? 4789 : port).build();
  }

  @Override
  public void detach(DetachRequest request, StreamObserver<Empty> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    ControlService.answer(out, () -> {
      if (store.state().attachments().containsKey(request.getEndpointId())) {
        writes.commit(writes.action().setRemoveAttachment(RemoveAttachment.newBuilder()
            .setAttachmentId(request.getEndpointId()).setNodeId(caller.nodeId())));
        log.info("endpoint {} on node {} detached", request.getEndpointId(), caller.nodeId());
      }
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void reportTaskStatus(TaskStatusReport request, StreamObserver<Empty> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    ControlService.answer(out, () -> {
      var task = store.state().tasks().get(request.getTaskId());
      if (task == null) {
        throw Status.NOT_FOUND.withDescription("task " + request.getTaskId() + " not found").asRuntimeException();
      }
      if (request.getStatus().getState().getNumber() > task.getStatus().getState().getNumber()) {
        writes.commit(writes.action().setUpdateTaskStatus(UpdateTaskStatus.newBuilder().setTaskId(request.getTaskId())
            .setNodeId(caller.nodeId()).setStatus(request.getStatus())));
        log.info("task {} on node {}: {} {}", request.getTaskId(), caller.nodeId(),
            TaskRules.name(request.getStatus().getState()), request.getStatus().getMessage());
      }
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void streamAssignments(AssignmentsRequest request, StreamObserver<Assignments> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    streams.open(caller.nodeId(), (ServerCallStreamObserver<Assignments>) out);
  }

  /** The node's log stream: {@code service logs} requests go out on it, the lines come back. */
  @Override
  public StreamObserver<LogPublish> logs(StreamObserver<LogRequest> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    return logs.attach(caller.nodeId(), out);
  }
}
