package dev.weft.manager.api;

import dev.weft.manager.ca.NodeIds;
import dev.weft.manager.ca.RootCa;
import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.AddNode;
import dev.weft.proto.Cluster;
import dev.weft.proto.Empty;
import dev.weft.proto.IssueNodeCertificateRequest;
import dev.weft.proto.IssueNodeCertificateResponse;
import dev.weft.proto.ManagerEndpoint;
import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeCAGrpc;
import dev.weft.proto.NodeDescription;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeSpec;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeStatus;
import dev.weft.proto.RenewNodeCertificateRequest;
import dev.weft.proto.RootCACertificateResponse;
import dev.weft.security.JoinToken;
import dev.weft.security.NodeIdentity;
import dev.weft.security.Pem;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.InstantSource;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Joins nodes: checks the join token, picks the node id, signs the node's certificate. */
public final class NodeCaService extends NodeCAGrpc.NodeCAImplBase {
  private static final Logger log = LoggerFactory.getLogger(NodeCaService.class);

  private final ClusterStore store;
  private final Writes writes;
  private final InstantSource clock;
  private final RandomGenerator random;

  public NodeCaService(ClusterStore store, Writes writes, InstantSource clock, RandomGenerator random) {
    this.store = store;
    this.writes = writes;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public void getRootCACertificate(Empty request, StreamObserver<RootCACertificateResponse> out) {
    ControlService.answer(out, () -> RootCACertificateResponse.newBuilder()
        .setCertPem(cluster().getRootCa().getCertPem()).build());
  }

  @Override
  public void issueNodeCertificate(
      IssueNodeCertificateRequest request, StreamObserver<IssueNodeCertificateResponse> out) {
    SocketAddress remote = PeerAuthorizer.REMOTE.get();
    ControlService.answer(out, () -> issue(request, remote));
  }

  private IssueNodeCertificateResponse issue(IssueNodeCertificateRequest request, SocketAddress remote) {
    JoinToken token;
    try {
      token = JoinToken.parse(request.getToken());
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
    Cluster cluster = cluster();
    if (!token.caDigest().equals(cluster.getRootCa().getDigest())) {
      throw Status.PERMISSION_DENIED.withDescription(
          "the join token's CA digest does not match this swarm's root CA; the token is for another swarm")
          .asRuntimeException();
    }
    NodeRole role;
    if (token.matches(cluster.getJoinTokens().getManager())) {
      role = NodeRole.NODE_ROLE_MANAGER;
    } else if (token.matches(cluster.getJoinTokens().getWorker())) {
      role = NodeRole.NODE_ROLE_WORKER;
    } else {
      throw Status.PERMISSION_DENIED.withDescription(
          "the join token is not valid (wrong or rotated); get the current one with "
              + "'weft swarm join-token worker|manager' on a manager").asRuntimeException();
    }
    if (request.getHostname().isBlank()) {
      throw Status.INVALID_ARGUMENT.withDescription("the joining node sent no hostname").asRuntimeException();
    }
    String nodeId = NodeIds.generate(random);
    NodeIdentity identity = new NodeIdentity(nodeId, role, cluster.getId());
    String certPem = sign(cluster, request.getCsrPem(), identity);
    String addr = request.getAdvertiseAddr().isBlank() ? hostOf(remote) : request.getAdvertiseAddr();
    Node node = Node.newBuilder()
        .setId(nodeId)
        .setSpec(NodeSpec.newBuilder().setDesiredRole(role).setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setRole(role)
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_UNKNOWN).setAddr(addr))
        .setDescription(NodeDescription.newBuilder().setHostname(request.getHostname())
            .setOs(request.getOs()).setArch(request.getArch()).setVersion(request.getVersion()))
        .setDataPathAddr(request.getDataPathAddr().isBlank() ? addr : request.getDataPathAddr())
        .build();
    writes.commit(writes.action().setAddNode(AddNode.newBuilder().setNode(node).setToken(token.toString())));
    log.info("node {} ({}) joined as {} from {}", nodeId, request.getHostname(), roleName(role), addr);
    return response(cluster, nodeId, role, certPem);
  }

  @Override
  public void renewNodeCertificate(
      RenewNodeCertificateRequest request, StreamObserver<IssueNodeCertificateResponse> out) {
    NodeIdentity caller = PeerAuthorizer.IDENTITY.get();
    ControlService.answer(out, () -> {
      Cluster cluster = cluster();
      Node node = store.state().node(caller.nodeId()).orElseThrow(() ->
          Status.NOT_FOUND.withDescription("node " + caller.nodeId() + " is not in the swarm").asRuntimeException());
      NodeRole role = node.getSpec().getDesiredRole();
      String certPem = sign(cluster, request.getCsrPem(), new NodeIdentity(node.getId(), role, cluster.getId()));
      log.info("renewed the certificate of node {} ({}) as {}", node.getId(),
          node.getDescription().getHostname(), roleName(role));
      return response(cluster, node.getId(), role, certPem);
    });
  }

  private String sign(Cluster cluster, String csrPem, NodeIdentity identity) {
    RootCa ca = RootCa.fromPem(cluster.getRootCa().getCertPem(), cluster.getRootCa().getKeyPem());
    try {
      return Pem.certificate(ca.issue(csrPem, identity, clock.instant(), random));
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }

  private IssueNodeCertificateResponse response(Cluster cluster, String nodeId, NodeRole role, String certPem) {
    IssueNodeCertificateResponse.Builder response = IssueNodeCertificateResponse.newBuilder()
        .setNodeId(nodeId).setRole(role).setCertPem(certPem)
        .setCaCertPem(cluster.getRootCa().getCertPem()).setClusterId(cluster.getId())
        .setRaftGroupId(cluster.getRaftGroupId());
    store.state().sortedNodes().stream().filter(Node::hasManagerStatus).forEach(n -> response.addManagers(
        ManagerEndpoint.newBuilder().setNodeId(n.getId()).setControlAddr(n.getManagerStatus().getControlAddr())));
    return response.build();
  }

  private Cluster cluster() {
    Cluster cluster = store.state().cluster();
    if (cluster == null) {
      throw Status.UNAVAILABLE.withDescription("this manager has not loaded the swarm yet; retry").asRuntimeException();
    }
    return cluster;
  }

  static String roleName(NodeRole role) {
    return role == NodeRole.NODE_ROLE_MANAGER ? "manager" : "worker";
  }

  private static String hostOf(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "";
  }
}
