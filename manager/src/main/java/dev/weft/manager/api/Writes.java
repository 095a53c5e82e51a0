package dev.weft.manager.api;

import dev.weft.manager.raft.NoQuorumException;
import dev.weft.manager.raft.Proposer;
import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import io.grpc.Status;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits store actions for the services and turns refusals into gRPC errors for the caller. A
 * write returns once this manager has applied it too, so the caller's next read here sees it
 * (a follower applies a committed entry a moment after the leader answered).
 */
public final class Writes {
  /** How long a write waits for this manager to catch up before answering anyway. */
  static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(Writes.class);
  private final Proposer proposer;
  private final ClusterStore store;
  private final InstantSource clock;

  public Writes(Proposer proposer, ClusterStore store, InstantSource clock) {
    this.proposer = proposer;
    this.store = store;
    this.clock = clock;
  }

  StoreAction.Builder action() {
    return StoreAction.newBuilder().setAtUnixMs(clock.millis());
  }

  /** Commits the action; a store refusal becomes FAILED_PRECONDITION, no quorum UNAVAILABLE. */
  StoreResult commit(StoreAction.Builder action) {
    StoreResult result;
    try {
      result = proposer.propose(action.build()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof NoQuorumException) {
        throw Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException();
      }
      throw Status.INTERNAL.withDescription("write failed: " + cause).asRuntimeException();
    }
    if (!result.getOk()) {
      throw Status.FAILED_PRECONDITION.withDescription(result.getError()).asRuntimeException();
    }
    try {
      if (!store.awaitVersion(result.getStoreVersion(), READ_YOUR_WRITES)) {
        log.warn("write committed at store version {}, but this manager is still at {} after {} s",
            result.getStoreVersion(), store.state().version(), READ_YOUR_WRITES.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return result;
  }
}
