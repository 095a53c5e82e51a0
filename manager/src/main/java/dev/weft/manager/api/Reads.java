package dev.weft.manager.api;

import dev.weft.manager.raft.NoQuorumException;
import dev.weft.manager.raft.ReadBarrier;
import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import io.grpc.Status;

/**
 * The store as the control API reads it: current as of the request on whichever manager serves
 * it, as if every request went to the leader (Docker's managers forward them there). When no
 * leader can confirm that, the caller gets UNAVAILABLE with the reason instead of an old answer.
 */
final class Reads {
  private final ReadBarrier barrier;
  private final ClusterStore store;

  Reads(ReadBarrier barrier, ClusterStore store) {
    this.barrier = barrier;
    this.store = store;
  }

  /** The store once it holds every write committed before this call. */
  StoreState current() {
    try {
      barrier.awaitCurrent();
    } catch (NoQuorumException e) {
      throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
    }
    return store.state();
  }
}
