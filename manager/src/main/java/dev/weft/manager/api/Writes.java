package dev.weft.manager.api;

import dev.weft.manager.raft.NoQuorumException;
import dev.weft.manager.raft.Proposer;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import io.grpc.Status;
import java.time.InstantSource;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Commits store actions for the services and turns refusals into gRPC errors for the caller. */
public final class Writes {
  private final Proposer proposer;
  private final InstantSource clock;

  public Writes(Proposer proposer, InstantSource clock) {
    this.proposer = proposer;
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
    return result;
  }
}
