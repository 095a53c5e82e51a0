package dev.weft.manager.api;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Network;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;

/** Finds a swarm network the way Docker resolves one: by id, name or unique id prefix. */
final class SwarmNetworkRefs {
  private SwarmNetworkRefs() {}

  static Network find(StoreState state, String ref) {
    List<Network> prefixed = new ArrayList<>();
    for (Network n : state.sortedNetworks()) {
      if (n.getId().equals(ref) || n.getSpec().getName().equals(ref)) {
        return n;
      }
      if (!ref.isEmpty() && n.getId().startsWith(ref)) {
        prefixed.add(n);
      }
    }
    if (prefixed.size() == 1) {
      return prefixed.get(0);
    }
    throw (prefixed.isEmpty() ? Status.NOT_FOUND.withDescription("network " + ref + " not found")
        : Status.INVALID_ARGUMENT.withDescription("network " + ref + " is ambiguous")).asRuntimeException();
  }
}
