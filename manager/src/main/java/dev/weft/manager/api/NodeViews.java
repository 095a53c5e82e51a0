package dev.weft.manager.api;

import dev.weft.manager.raft.RaftView;
import dev.weft.proto.Node;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeView;
import dev.weft.proto.Reachability;
import java.util.Optional;

/** Derives what is shown beside a stored node: leadership from Raft, reachability from liveness. */
final class NodeViews {
  private final RaftView raft;

  NodeViews(RaftView raft) {
    this.raft = raft;
  }

  NodeView of(Node node) {
    NodeView.Builder view = NodeView.newBuilder().setNode(node);
    if (node.getRole() == NodeRole.NODE_ROLE_MANAGER && node.hasManagerStatus()) {
      Optional<String> leader = raft.leaderId();
      view.setLeader(leader.isPresent() && leader.get().equals(node.getManagerStatus().getRaftId()));
      view.setReachability(view.getLeader() || node.getStatus().getState() == NodeState.NODE_STATE_READY
          ? Reachability.REACHABILITY_REACHABLE : Reachability.REACHABILITY_UNREACHABLE);
    }
    return view.build();
  }
}
