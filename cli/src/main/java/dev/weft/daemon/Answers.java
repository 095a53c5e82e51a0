package dev.weft.daemon;

import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.network.LocalRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the local API answers: one value, or an error status whose description is meant for the user. */
final class Answers {
  private static final Logger log = LoggerFactory.getLogger(Answers.class);

  private Answers() {}

  /** Runs a request; user errors become INVALID_ARGUMENT/NOT_FOUND, kernel refusals FAILED_PRECONDITION. */
  static <T> void answer(StreamObserver<T> out, Callable<T> body) {
    T value;
    try {
      value = body.call();
    } catch (LocalRegistry.NotFoundException e) {
      out.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (KernelException e) {
      out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (Exception e) {
      log.warn("request failed", e);
      out.onError(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException());
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }
}
