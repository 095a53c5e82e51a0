package dev.weft.manager.store;

import dev.weft.proto.AddNode;
import dev.weft.proto.Cluster;
import dev.weft.proto.CreateCluster;
import dev.weft.proto.JoinTokens;
import dev.weft.proto.ManagerStatus;
import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeDescription;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeSpec;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeStatus;
import dev.weft.proto.RemoveNode;
import dev.weft.proto.RotateJoinToken;
import dev.weft.proto.SetNodeRole;
import dev.weft.proto.StoreAction;
import dev.weft.proto.UpdateNodeSpec;
import dev.weft.proto.UpdateNodeStatus;

/** Store actions as a proposer would build them, with fixed ids, tokens and times. */
final class Actions {
  static final String CLUSTER_ID = "cluster-1";
  static final String WORKER_TOKEN = "SWMTKN-1-digest-worker0";
  static final String MANAGER_TOKEN = "SWMTKN-1-digest-manager0";
  static final String FIRST = "node-a";

  private Actions() {}

  static StoreAction at(long atUnixMs, StoreAction.Builder action) {
    return action.setAtUnixMs(atUnixMs).build();
  }

  static StoreAction createCluster(long at) {
    Cluster cluster = Cluster.newBuilder().setId(CLUSTER_ID)
        .setJoinTokens(JoinTokens.newBuilder().setWorker(WORKER_TOKEN).setManager(MANAGER_TOKEN))
        .build();
    Node first = node(FIRST, NodeRole.NODE_ROLE_MANAGER).toBuilder()
        .setManagerStatus(ManagerStatus.newBuilder().setRaftId(FIRST).setControlAddr("198.18.0.1:2377"))
        .build();
    return at(at, StoreAction.newBuilder().setCreateCluster(
        CreateCluster.newBuilder().setCluster(cluster).setFirstNode(first)));
  }

  /** A node as it joins: desired role = role, state Unknown. */
  static Node node(String id, NodeRole role) {
    return Node.newBuilder().setId(id).setRole(role)
        .setSpec(NodeSpec.newBuilder().setDesiredRole(role)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_UNKNOWN).setAddr("198.18.0.9"))
        .setDescription(NodeDescription.newBuilder().setHostname("host-" + id))
        .build();
  }

  static StoreAction addNode(long at, String id, NodeRole role, String token) {
    return at(at, StoreAction.newBuilder().setAddNode(
        AddNode.newBuilder().setNode(node(id, role)).setToken(token)));
  }

  static StoreAction addWorker(long at, String id) {
    return addNode(at, id, NodeRole.NODE_ROLE_WORKER, WORKER_TOKEN);
  }

  static StoreAction updateSpec(long at, UpdateNodeSpec.Builder update) {
    return at(at, StoreAction.newBuilder().setUpdateNodeSpec(update));
  }

  static StoreAction desiredRole(long at, String id, NodeRole role) {
    return updateSpec(at, UpdateNodeSpec.newBuilder().setNodeId(id).setSetDesiredRole(true).setDesiredRole(role));
  }

  static StoreAction status(long at, String id, NodeState state, String message) {
    return at(at, StoreAction.newBuilder().setUpdateNodeStatus(
        UpdateNodeStatus.newBuilder().setNodeId(id).setState(state).setMessage(message)));
  }

  static StoreAction setRole(long at, String id, NodeRole role) {
    SetNodeRole.Builder set = SetNodeRole.newBuilder().setNodeId(id).setRole(role);
    if (role == NodeRole.NODE_ROLE_MANAGER) {
      set.setManagerStatus(ManagerStatus.newBuilder().setRaftId(id).setControlAddr("198.18.0.2:2377"));
    }
    return at(at, StoreAction.newBuilder().setSetNodeRole(set));
  }

  static StoreAction remove(long at, String id, boolean force) {
    return at(at, StoreAction.newBuilder().setRemoveNode(RemoveNode.newBuilder().setNodeId(id).setForce(force)));
  }

  static StoreAction rotate(long at, NodeRole role, String newToken) {
    return at(at, StoreAction.newBuilder().setRotateJoinToken(
        RotateJoinToken.newBuilder().setRole(role).setNewToken(newToken)));
  }
}
