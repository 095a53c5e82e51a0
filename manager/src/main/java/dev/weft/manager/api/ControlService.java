package dev.weft.manager.api;

import dev.weft.manager.logs.LogBroker;
import dev.weft.manager.logs.LogPlan;
import dev.weft.proto.ServiceLogLine;
import dev.weft.proto.ServiceLogsRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;

import dev.weft.manager.ca.NodeIds;
import dev.weft.manager.network.NetworkAllocator;
import dev.weft.manager.raft.RaftView;
import dev.weft.manager.raft.ReadBarrier;
import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.ChangeRoleRequest;
import dev.weft.proto.Cluster;
import dev.weft.proto.ClusterInfoResponse;
import dev.weft.proto.ControlGrpc;
import dev.weft.proto.CreateNetwork;
import dev.weft.proto.Empty;
import dev.weft.proto.JoinRaftRequest;
import dev.weft.proto.JoinRaftResponse;
import dev.weft.proto.JoinTokensResponse;
import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.ListNodesResponse;
import dev.weft.proto.ManagerStatus;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkList;
import dev.weft.proto.NetworkLookup;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.Node;
import dev.weft.proto.NodeRef;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeView;
import dev.weft.proto.RaftMember;
import dev.weft.proto.RemoveNetwork;
import dev.weft.proto.RemoveNode;
import dev.weft.proto.RemoveNodeRequest;
import dev.weft.proto.RootCA;
import dev.weft.proto.RotateJoinToken;
import dev.weft.proto.RotateRequest;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceList;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.SetNodeRole;
import dev.weft.proto.TaskList;
import dev.weft.proto.UpdateNodeRequest;
import dev.weft.proto.UpdateNodeSpec;
import dev.weft.proto.UpdateServiceRequest;
import dev.weft.security.JoinToken;
import dev.weft.security.NodeIdentity;
import dev.weft.security.Pem;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control API: node and join-token management. One method per CLI verb. */
public final class ControlService extends ControlGrpc.ControlImplBase {
  private static final Logger log = LoggerFactory.getLogger(ControlService.class);

  private final ClusterStore store;
  private final Reads reads;
  private final Writes writes;
  private final RaftView raft;
  private final NodeViews views;
  private final RandomGenerator random;
  private final String ownControlAddr;
  private final ServiceApi services;
  private final LogBroker logs;

  public ControlService(ClusterStore store, ReadBarrier barrier, Writes writes, RaftView raft,
      RandomGenerator random, String ownControlAddr, LogBroker logs) {
    this.store = store;
    this.reads = new Reads(barrier, store);
    this.writes = writes;
    this.raft = raft;
    this.views = new NodeViews(raft);
    this.random = random;
    this.services = new ServiceApi(reads, writes, random);
    this.ownControlAddr = ownControlAddr;
    this.logs = logs;
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> out) {
    answer(out, () -> {
      ListNodesResponse.Builder response = ListNodesResponse.newBuilder();
      for (Node node : state().sortedNodes()) {
        if (!request.getFilterRole() || node.getRole() == request.getRole()) {
          response.addNodes(views.of(node));
        }
      }
      return response.build();
    });
  }

  @Override
  public void getNode(NodeRef request, StreamObserver<NodeView> out) {
    answer(out, () -> views.of(NodeRefs.resolve(state(), request.getRef())));
  }

  @Override
  public void updateNode(UpdateNodeRequest request, StreamObserver<NodeView> out) {
    answer(out, () -> {
      Node node = reads.find(s -> NodeRefs.resolve(s, request.getRef()));
      var result = writes.commit(writes.action().setUpdateNodeSpec(UpdateNodeSpec.newBuilder()
          .setNodeId(node.getId())
          .setSetAvailability(request.getSetAvailability())
          .setAvailability(request.getAvailability())
          .putAllLabelsAdd(request.getLabelsAddMap())
          .addAllLabelsRemove(request.getLabelsRemoveList())));
      return views.of(result.getNode());
    });
  }

  @Override
  public void changeRole(ChangeRoleRequest request, StreamObserver<NodeView> out) {
    answer(out, () -> {
      Node node = reads.find(s -> NodeRefs.resolve(s, request.getRef()));
      var result = writes.commit(writes.action().setUpdateNodeSpec(UpdateNodeSpec.newBuilder()
          .setNodeId(node.getId()).setSetDesiredRole(true).setDesiredRole(request.getRole())));
      if (request.getRole() == NodeRole.NODE_ROLE_WORKER && node.hasManagerStatus()) {
        // Leave Raft first, then record the role: a demoted node never counts toward quorum.
        await(raft.removeMember(node.getManagerStatus().getRaftId()));
        result = writes.commit(writes.action().setSetNodeRole(SetNodeRole.newBuilder()
            .setNodeId(node.getId()).setRole(NodeRole.NODE_ROLE_WORKER)));
        log.info("node {} ({}) demoted and removed from the Raft group", node.getId(),
            node.getDescription().getHostname());
      }
      return views.of(result.getNode());
    });
  }

  @Override
  public void removeNode(RemoveNodeRequest request, StreamObserver<Empty> out) {
    answer(out, () -> {
      Node node = reads.find(s -> NodeRefs.resolve(s, request.getRef()));
      writes.commit(writes.action().setRemoveNode(
          RemoveNode.newBuilder().setNodeId(node.getId()).setForce(request.getForce())));
      log.info("node {} ({}) removed", node.getId(), node.getDescription().getHostname());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void getJoinTokens(Empty request, StreamObserver<JoinTokensResponse> out) {
    answer(out, () -> tokens(state()));
  }

  @Override
  public void rotateJoinToken(RotateRequest request, StreamObserver<JoinTokensResponse> out) {
    answer(out, () -> {
      Cluster cluster = requireCluster(reads.local());
      JoinToken fresh = JoinToken.generate(Pem.parseCertificate(cluster.getRootCa().getCertPem()), random);
      writes.commit(writes.action().setRotateJoinToken(
          RotateJoinToken.newBuilder().setRole(request.getRole()).setNewToken(fresh.toString())));
      log.info("{} join token rotated", request.getRole() == NodeRole.NODE_ROLE_MANAGER ? "manager" : "worker");
      return tokens(reads.local()); // the write was applied here before commit returned
    });
  }

  @Override
  public void clusterInfo(Empty request, StreamObserver<ClusterInfoResponse> out) {
    answer(out, () -> {
      StoreState state = state();
      Cluster cluster = requireCluster(state);
      return ClusterInfoResponse.newBuilder()
          .setCluster(cluster.toBuilder().setRootCa(RootCA.newBuilder()
              .setCertPem(cluster.getRootCa().getCertPem()).setDigest(cluster.getRootCa().getDigest())))
          .setLeaderNodeId(raft.leaderId().orElse(""))
          .setStoreVersion(state.version())
          .setManagers((int) state.managerCount())
          .setNodes(state.nodes().size())
          .build();
    });
  }

  @Override
  public void joinRaft(JoinRaftRequest request, StreamObserver<JoinRaftResponse> out) {
    answer(out, () -> {
      NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
      if (caller == null || !caller.isManager()) {
        throw Status.PERMISSION_DENIED.withDescription("only a node holding a manager certificate may join Raft")
            .asRuntimeException();
      }
      Node node = reads.find(s -> s.node(caller.nodeId()).orElseThrow(() ->
          Status.NOT_FOUND.withDescription("node " + caller.nodeId() + " is not in the swarm").asRuntimeException()));
      if (node.getSpec().getDesiredRole() != NodeRole.NODE_ROLE_MANAGER) {
        throw Status.FAILED_PRECONDITION.withDescription("node " + node.getId() + " is not to be a manager")
            .asRuntimeException();
      }
      await(raft.addMember(node.getId(), request.getRaftAddr()));
      writes.commit(writes.action().setSetNodeRole(SetNodeRole.newBuilder()
          .setNodeId(node.getId()).setRole(NodeRole.NODE_ROLE_MANAGER)
          .setManagerStatus(ManagerStatus.newBuilder().setRaftId(node.getId())
              .setRaftAddr(request.getRaftAddr()).setControlAddr(request.getControlAddr()))));
      log.info("node {} ({}) joined the Raft group at {}", node.getId(),
          node.getDescription().getHostname(), request.getRaftAddr());
      JoinRaftResponse.Builder response = JoinRaftResponse.newBuilder()
          .setRaftGroupId(requireCluster(reads.local()).getRaftGroupId());
      for (Node n : reads.local().sortedNodes()) {
        if (n.hasManagerStatus()) {
          response.addMembers(RaftMember.newBuilder()
              .setRaftId(n.getManagerStatus().getRaftId()).setRaftAddr(n.getManagerStatus().getRaftAddr()));
        }
      }
      return response.build();
    });
  }

  @Override
  public void createNetwork(NetworkSpec request, StreamObserver<Network> out) {
    answer(out, () -> {
      StoreState state = reads.local(); // the store checks the allocation again when it applies it
      Cluster cluster = requireCluster(state);
      Network network;
      try {
        network = NetworkAllocator.allocate(NodeIds.generate(random), request, state,
            cluster.getSpec().getDefaultAddressPool());
      } catch (IllegalArgumentException e) {
        throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
      }
      var result = writes.commit(writes.action().setCreateNetwork(CreateNetwork.newBuilder().setNetwork(network)));
      log.info("network {} ({}) created: overlay, VNI {}, {}", network.getSpec().getName(), network.getId(),
          network.getVni(), network.getAllocatedList().stream().map(c -> c.getSubnet()).toList());
      return result.getNetwork();
    });
  }

  @Override
  public void listNetworks(Empty request, StreamObserver<NetworkList> out) {
    answer(out, () -> NetworkList.newBuilder().addAllNetworks(state().sortedNetworks()).build());
  }

  @Override
  public void getNetwork(NetworkLookup request, StreamObserver<Network> out) {
    answer(out, () -> network(request.getRef()));
  }

  @Override
  public void removeNetwork(NetworkLookup request, StreamObserver<Empty> out) {
    answer(out, () -> {
      Network network = reads.find(s -> SwarmNetworkRefs.find(s, request.getRef()));
      writes.commit(writes.action().setRemoveNetwork(RemoveNetwork.newBuilder().setNetworkId(network.getId())));
      log.info("network {} ({}) removed", network.getSpec().getName(), network.getId());
      return Empty.getDefaultInstance();
    });
  }

  @Override
  public void createService(ServiceSpec request, StreamObserver<Service> out) {
    answer(out, () -> services.create(request));
  }

  @Override
  public void listServices(Empty request, StreamObserver<ServiceList> out) {
    answer(out, services::list);
  }

  @Override
  public void getService(ServiceLookup request, StreamObserver<Service> out) {
    answer(out, () -> services.get(request.getRef()));
  }

  @Override
  public void updateService(UpdateServiceRequest request, StreamObserver<Service> out) {
    answer(out, () -> services.update(request.getRef(), request.getSpec()));
  }

  @Override
  public void removeService(ServiceLookup request, StreamObserver<Empty> out) {
    answer(out, () -> services.remove(request.getRef()));
  }

  @Override
  public void listTasks(ServiceLookup request, StreamObserver<TaskList> out) {
    answer(out, () -> services.tasks(request.getRef()));
  }

  /** The lines of the service's tasks, from the nodes that hold them ({@link LogBroker}). */
  @Override
  public void serviceLogs(ServiceLogsRequest request, StreamObserver<ServiceLogLine> out) {
    Service service;
    try {
      service = services.get(request.getRef());
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    String serviceId = service.getId();
    logs.subscribe(() -> {
      StoreState state = store.state();
      Service current = state.services().get(serviceId);
      return current == null ? null : LogPlan.of(state, current);
    }, request.getFollow(), request.getTail(), (ServerCallStreamObserver<ServiceLogLine>) out);
  }

  private Network network(String ref) {
    return SwarmNetworkRefs.find(state(), ref);
  }

  private JoinTokensResponse tokens(StoreState state) {
    return JoinTokensResponse.newBuilder()
        .setTokens(requireCluster(state).getJoinTokens()).setManagerAddr(ownControlAddr).build();
  }

  /** The store, current as of this request ({@link Reads}). */
  private StoreState state() {
    return reads.current();
  }

  private static Cluster requireCluster(StoreState state) {
    Cluster cluster = state.cluster();
    if (cluster == null) {
      throw Status.FAILED_PRECONDITION.withDescription("this node is not part of a swarm").asRuntimeException();
    }
    return cluster;
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.asRuntimeException();
    } catch (ExecutionException e) {
      throw Status.UNAVAILABLE.withDescription("changing the Raft group failed: " + e.getCause().getMessage())
          .asRuntimeException();
    }
  }

  static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (io.grpc.StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      log.warn("request failed", e);
      out.onError(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException());
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }
}
