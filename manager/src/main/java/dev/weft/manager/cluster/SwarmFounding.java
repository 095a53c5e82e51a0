package dev.weft.manager.cluster;

import dev.weft.manager.ca.NodeIds;
import dev.weft.manager.ca.RootCa;
import dev.weft.manager.network.NetworkAllocator;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.AddressPoolSpec;
import dev.weft.proto.Cluster;
import dev.weft.proto.ClusterSpec;
import dev.weft.proto.CreateCluster;
import dev.weft.proto.JoinTokens;
import dev.weft.proto.ManagerStatus;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeDescription;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeSpec;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeStatus;
import dev.weft.proto.RootCA;
import dev.weft.proto.StoreAction;
import dev.weft.security.CertificateRequest;
import dev.weft.security.JoinToken;
import dev.weft.security.NodeCredentials;
import dev.weft.security.NodeIdentity;
import dev.weft.security.Pem;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Everything a new swarm starts with, chosen before anything is written: ids, the root CA, the
 * first manager's certificate, the join tokens, the ingress network, and the store action that
 * records them.
 *
 * @param credentials the first manager's key and certificate
 * @param createCluster the first entry of the Raft log
 * @param raftGroupUuid the Raft group's id
 */
public record SwarmFounding(
    String nodeId, String clusterId, NodeCredentials credentials, StoreAction createCluster,
    String raftGroupUuid) {
  /**
   * The routing mesh's network every swarm starts with, as Docker's: named {@code ingress}, its
   * subnet the first of the swarm's address pools, not attachable.
   */
  public static final NetworkSpec INGRESS = NetworkSpec.newBuilder().setName("ingress").setDriver("overlay")
      .setIngress(true).build();

  /**
   * @param node what this node is (hostname, addresses, platform)
   * @param controlAddr advertised host:port of the control endpoint
   * @param raftAddr advertised host:port of the Raft endpoint
   */
  public static SwarmFounding create(NodeDescription node, String addr, String dataPathAddr,
      String controlAddr, String raftAddr, AddressPoolSpec pools, int dataPathPort,
      String raftGroupUuid, Instant now, RandomGenerator random) {
    String clusterId = NodeIds.generate(random);
    String nodeId = NodeIds.generate(random);
    RootCa ca = RootCa.create(clusterId, now, random);
    CertificateRequest.Pending request = CertificateRequest.create();
    String certPem = Pem.certificate(ca.issue(request.csrPem(),
        new NodeIdentity(nodeId, NodeRole.NODE_ROLE_MANAGER, clusterId), now, random));
    NodeCredentials credentials = new NodeCredentials(request.keyPem(), certPem, ca.certificatePem());
    Cluster cluster = Cluster.newBuilder()
        .setId(clusterId)
        .setSpec(ClusterSpec.newBuilder().setDefaultAddressPool(pools).setDataPathPort(dataPathPort))
        .setRootCa(RootCA.newBuilder().setCertPem(ca.certificatePem()).setKeyPem(ca.keyPem())
            .setDigest(JoinToken.digestOf(ca.certificate())))
        .setJoinTokens(JoinTokens.newBuilder()
            .setWorker(JoinToken.generate(ca.certificate(), random).toString())
            .setManager(JoinToken.generate(ca.certificate(), random).toString()))
        .setRaftGroupId(raftGroupUuid)
        .build();
    Node first = Node.newBuilder()
        .setId(nodeId)
        .setSpec(NodeSpec.newBuilder().setDesiredRole(NodeRole.NODE_ROLE_MANAGER)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setRole(NodeRole.NODE_ROLE_MANAGER)
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_UNKNOWN).setAddr(addr))
        .setManagerStatus(ManagerStatus.newBuilder().setRaftId(nodeId)
            .setControlAddr(controlAddr).setRaftAddr(raftAddr))
        .setDescription(node)
        .setDataPathAddr(dataPathAddr)
        .build();
    Network ingress = NetworkAllocator.allocate(NodeIds.generate(random), INGRESS, StoreState.EMPTY, pools);
    StoreAction action = StoreAction.newBuilder().setAtUnixMs(now.toEpochMilli())
        .setCreateCluster(CreateCluster.newBuilder().setCluster(cluster).setFirstNode(first).setIngress(ingress))
        .build();
    return new SwarmFounding(nodeId, clusterId, credentials, action, raftGroupUuid);
  }
}
