package dev.weft.manager.api;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Node;
import io.grpc.Status;
import java.util.List;

/** Finds a node the way Docker does: by full id, then hostname, then a unique id prefix. */
final class NodeRefs {
  private NodeRefs() {}

  static Node resolve(StoreState state, String ref) {
    if (ref == null || ref.isBlank()) {
      throw Status.INVALID_ARGUMENT.withDescription("no node given: name a node by ID, ID prefix or hostname")
          .asRuntimeException();
    }
    Node exact = state.nodes().get(ref);
    if (exact != null) {
      return exact;
    }
    List<Node> byName = state.sortedNodes().stream()
        .filter(n -> n.getDescription().getHostname().equals(ref)).toList();
    if (byName.size() == 1) {
      return byName.get(0);
    }
    if (byName.size() > 1) {
      throw ambiguous(ref, byName);
    }
    List<Node> byPrefix = state.sortedNodes().stream().filter(n -> n.getId().startsWith(ref)).toList();
    if (byPrefix.size() == 1) {
      return byPrefix.get(0);
    }
    if (byPrefix.size() > 1) {
      throw ambiguous(ref, byPrefix);
    }
    throw Status.NOT_FOUND.withDescription("node " + ref + " not found; 'weft node ls' lists the swarm's nodes")
        .asRuntimeException();
  }

  private static RuntimeException ambiguous(String ref, List<Node> matches) {
    return Status.INVALID_ARGUMENT.withDescription("node " + ref + " is ambiguous (" + matches.size()
        + " matches); use more of the node ID").asRuntimeException();
  }
}
