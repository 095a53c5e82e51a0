package dev.weft.lab;

import dev.weft.cli.DaemonClient;
import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeView;
import java.util.List;
import java.util.Optional;

/**
 * The swarm's node list as one manager sees it, read over that host's unix socket (fast enough
 * to poll every few milliseconds, unlike starting the CLI).
 */
public record NodeTable(List<NodeView> nodes) {
  public static NodeTable read(Lab lab, String manager) {
    try (DaemonClient client = lab.host(manager).client()) {
      return new NodeTable(client.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList());
    }
  }

  /** Reads, or empty when the manager does not answer. */
  public static Optional<NodeTable> tryRead(Lab lab, String manager) {
    try {
      return Optional.of(read(lab, manager));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public Optional<NodeView> byHost(String hostname) {
    return nodes.stream().filter(n -> n.getNode().getDescription().getHostname().equals(hostname)).findFirst();
  }

  public NodeState state(String hostname) {
    return byHost(hostname).map(n -> n.getNode().getStatus().getState()).orElse(NodeState.NODE_STATE_UNKNOWN);
  }

  public long ready() {
    return nodes.stream().filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY).count();
  }

  public long managers() {
    return nodes.stream().filter(n -> n.getNode().getRole() == NodeRole.NODE_ROLE_MANAGER).count();
  }

  public List<String> leaders() {
    return nodes.stream().filter(NodeView::getLeader).map(n -> n.getNode().getDescription().getHostname()).toList();
  }
}
