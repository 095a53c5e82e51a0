package dev.weft.localapi;

import com.google.protobuf.ByteString;
import dev.weft.proto.LocalCall;
import dev.weft.proto.LocalReply;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One call on the local socket. The request goes out when the caller half-closes; a thread of the
 * call's own then reads the replies and hands them to the listener through the call's executor
 * (the blocking stubs' caller thread), in order, at most as many messages as were requested, and
 * nothing after {@code onClose}.
 */
final class LocalClientCall<Q, R> extends ClientCall<Q, R> {
  /**
   * How long past its deadline a call waits for the daemon's DEADLINE_EXCEEDED before giving up on
   * its own: the daemon enforces deadlines; this is for a daemon that no longer answers at all.
   */
  static final long DEADLINE_GRACE_MS = 2_000;

  private final Path socket;
  private final MethodDescriptor<Q, R> method;
  private final CallOptions options;
  private final Executor callbacks;
  private byte[] request;
  /** Guarded by this: the listener, messages it asked for, whether onClose was handed over, the socket. */
  private Listener<R> listener;
  private long demand;
  private boolean closed;
  private SocketChannel connection;
  private ScheduledFuture<?> giveUp;

  LocalClientCall(Path socket, MethodDescriptor<Q, R> method, CallOptions options) {
    this.socket = socket;
    this.method = method;
    this.options = options;
    this.callbacks = options.getExecutor() != null ? options.getExecutor() : Runnable::run;
  }

  @Override
  public synchronized void start(Listener<R> listener, Metadata headers) {
    this.listener = listener;
  }

  @Override
  public synchronized void request(int count) {
    demand = Math.min(Long.MAX_VALUE / 2, demand + count);
    notifyAll();
  }

  @Override
  public void sendMessage(Q message) {
    if (request != null) {
      throw new IllegalStateException(method.getFullMethodName() + " takes one request message");
    }
    try (InputStream in = method.streamRequest(message)) {
      request = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void halfClose() {
    Deadline deadline = options.getDeadline();
    long timeoutMs = deadline == null ? 0 : deadline.timeRemaining(TimeUnit.MILLISECONDS);
    if (deadline != null && timeoutMs <= 0) {
      finish(Status.DEADLINE_EXCEEDED.withDescription("deadline passed before the call was sent"));
      return;
    }
    if (deadline != null) {
      ScheduledFuture<?> timer = Timers.SHARED.schedule(() -> cancelled(Status.DEADLINE_EXCEEDED
          .withDescription("the daemon did not answer within " + timeoutMs + " ms")), timeoutMs + DEADLINE_GRACE_MS,
          TimeUnit.MILLISECONDS);
      synchronized (this) {
        giveUp = timer;
      }
    }
    LocalCall call = LocalCall.newBuilder().setMethod(method.getFullMethodName()).setTimeoutMs(timeoutMs)
        .setRequest(ByteString.copyFrom(request == null ? new byte[0] : request)).build();
    Thread reader = new Thread(() -> exchange(call), "weft-local-call");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public void cancel(String message, Throwable cause) {
    cancelled(Status.CANCELLED.withDescription(message).withCause(cause));
  }

  private void cancelled(Status status) {
    SocketChannel open;
    synchronized (this) {
      open = connection;
    }
    finish(status);
    if (open != null) {
      try {
        open.close(); // the reader's blocked read fails, and the daemon sees the end of the stream
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** Sends the call and reads its replies, on the call's own thread. */
  private void exchange(LocalCall call) {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      synchronized (this) {
        if (closed) {
          return;
        }
        connection = channel;
      }
      Frames.write(channel, call);
      deliver(() -> listener.onHeaders(new Metadata()));
      for (LocalReply reply; (reply = Frames.read(channel, LocalReply.parser(), Frames.MAX_REPLY_BYTES)) != null; ) {
        if (reply.hasStatus()) {
          String description = reply.getStatus().getDescription();
          finish(Status.fromCodeValue(reply.getStatus().getCode()).withDescription(description.isEmpty() ? null : description));
          return;
        }
        if (!awaitDemand()) {
          return;
        }
        R message = method.parseResponse(reply.getMessage().newInput());
        deliver(() -> listener.onMessage(message));
      }
      finish(Status.UNAVAILABLE.withDescription("the daemon closed the connection without ending the call"));
    } catch (IOException e) {
      finish(Status.UNAVAILABLE.withCause(e)); // nothing if the call already ended (a cancel closes the socket)
    } catch (RuntimeException e) {
      finish(Status.INTERNAL.withDescription("unreadable reply from the daemon: " + e.getMessage()).withCause(e));
    }
  }

  /** Waits until the listener wants a message; false if the call ended meanwhile. */
  private synchronized boolean awaitDemand() {
    while (demand == 0 && !closed) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (closed) {
      return false;
    }
    demand--;
    return true;
  }

  /** Hands a callback to the listener unless the call has ended. */
  private synchronized void deliver(Runnable callback) {
    if (!closed) {
      callbacks.execute(callback);
    }
  }

  /** Ends the call once: the listener's last callback. */
  private void finish(Status status) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
      if (giveUp != null) {
        giveUp.cancel(false);
      }
      Listener<R> l = listener;
      if (l != null) { // null: cancelled before it started, nobody to tell
        callbacks.execute(() -> l.onClose(status, new Metadata()));
      }
    }
  }

  /** One daemon thread for every call's give-up timer, made on the first call with a deadline. */
  private static final class Timers {
    static final ScheduledExecutorService SHARED = make();

    private static ScheduledExecutorService make() {
      ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "weft-local-call-timer");
        t.setDaemon(true);
        return t;
      });
      timers.setRemoveOnCancelPolicy(true);
      return timers;
    }
  }
}
