package dev.weft.daemon;

import com.google.protobuf.ByteString;
import dev.weft.agent.container.ContainerService;
import dev.weft.proto.LogChunk;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Streams a container's log file to a client on the daemon's scheduler: each run sends what the
 * file holds beyond what was sent; when following, it runs again after {@link #POLL} until the
 * container has stopped, then ends with a chunk carrying the exit code. No thread waits in between.
 */
final class LogStream implements Runnable {
  /** How often a followed log is read again. */
  static final Duration POLL = Duration.ofMillis(50);

  private final ContainerService containers;
  private final String containerId;
  private final InputStream in;
  private final boolean follow;
  private final ServerCallStreamObserver<LogChunk> out;
  private final ScheduledExecutorService scheduler;
  private final byte[] buffer = new byte[8192];

  LogStream(ContainerService containers, String containerId, InputStream in, boolean follow,
      ServerCallStreamObserver<LogChunk> out, ScheduledExecutorService scheduler) {
    this.containers = containers;
    this.containerId = containerId;
    this.in = in;
    this.follow = follow;
    this.out = out;
    this.scheduler = scheduler;
  }

  void start() {
    scheduler.execute(this);
  }

  @Override
  public synchronized void run() {
    try {
      if (out.isCancelled()) {
        in.close();
        return;
      }
      // Read whether the container still runs before draining, so no output written before it
      // stopped can be missed.
      boolean running = containers.byId(containerId).map(c -> c.getState().equals("running")).orElse(false);
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.onNext(LogChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
      }
      if (follow && running) {
        scheduler.schedule(this, POLL.toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      if (follow) {
        containers.byId(containerId).filter(c -> !c.getState().equals("running")).ifPresent(c ->
            out.onNext(LogChunk.newBuilder().setExited(true).setExitCode(c.getExitCode()).build()));
      }
      in.close();
      out.onCompleted();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription("cannot read the log: " + e.getMessage()).asRuntimeException());
    }
  }
}
