package dev.weft.manager.api;

import dev.weft.manager.raft.NoQuorumException;
import dev.weft.manager.raft.ReadBarrier;
import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Function;

/**
 * The store as the control API reads it: current as of the request on whichever manager serves
 * it, as if every request went to the leader (Docker's managers forward them there). When no
 * leader can confirm that, the caller gets UNAVAILABLE with the reason instead of an old answer.
 *
 * <p>Writes look up what they are about in the local store and pass the barrier only when it does
 * not know the object: the store checks every write again when it applies it, and the barrier
 * would cost each write a heartbeat round (it halved write throughput, and during a leader
 * failover a write waited for a read index from the dead leader).
 */
final class Reads {
  private final ReadBarrier barrier;
  private final ClusterStore store;

  Reads(ReadBarrier barrier, ClusterStore store) {
    this.barrier = barrier;
    this.store = store;
  }

  /** This manager's store as it is, for a write; see {@link #find}. */
  StoreState local() {
    return store.state();
  }

  /**
   * What a write is about, looked up in the local store, or, if that does not know it (NOT_FOUND:
   * it may have been created through another manager a moment ago), in the current store.
   */
  <T> T find(Function<StoreState, T> lookup) {
    try {
      return lookup.apply(store.state());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      return lookup.apply(current());
    }
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
