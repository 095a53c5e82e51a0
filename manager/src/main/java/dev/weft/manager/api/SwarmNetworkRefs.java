package dev.weft.manager.api;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Network;
import io.grpc.Status;

/** Finds a swarm network the way Docker resolves one: by id, name or unique id prefix. */
final class SwarmNetworkRefs {
  private SwarmNetworkRefs() {}

  static Network find(StoreState state, String ref) {
    try {
      return state.network(ref);
    } catch (java.util.NoSuchElementException e) {
      throw Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
  }
}
