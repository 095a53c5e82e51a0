package dev.weft.agent.logs;

import com.google.protobuf.ByteString;
import dev.weft.proto.DispatcherGrpc;
import dev.weft.proto.LogPublish;
import dev.weft.proto.LogRequest;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one log stream open with every manager and answers the managers' requests on it with the
 * lines of this node's tasks: all of them at once, then (when following) what is added, every
 * {@link #POLL_MILLIS}, until the manager cancels or the stream ends. Streams that end are opened
 * again every {@link #RECONNECT_MILLIS}; so are streams to managers that appear.
 */
public final class LogPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogPublisher.class);
  /** How often a followed log file is read again. */
  static final long POLL_MILLIS = 100;
  /** How often streams to the managers are checked and re-opened. */
  static final long RECONNECT_MILLIS = 2000;
  /** Lines per message, so one message stays small. */
  static final int LINES_PER_MESSAGE = 256;

  /** Where a task's log is on this node: the file of its container, if it has one here. */
  public interface TaskFiles {
    Optional<Path> logFile(String taskId);
  }

  private final Supplier<List<String>> managers;
  private final Function<String, ManagedChannel> channels;
  private final ScheduledExecutorService scheduler;
  private final TaskFiles files;
  private final Map<String, ManagerStream> streams = new HashMap<>();
  private ScheduledFuture<?> keeper;
  private boolean closed;

  public LogPublisher(Supplier<List<String>> managers, Function<String, ManagedChannel> channels,
      ScheduledExecutorService scheduler, TaskFiles files) {
    this.managers = managers;
    this.channels = channels;
    this.scheduler = scheduler;
    this.files = files;
  }

  public synchronized void start() {
    keeper = scheduler.scheduleWithFixedDelay(this::connect, 0, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private synchronized void connect() {
    if (closed) {
      return;
    }
    Set<String> wanted = new LinkedHashSet<>(managers.get());
    streams.entrySet().removeIf(e -> {
      if (e.getValue().ended || !wanted.contains(e.getKey())) {
        e.getValue().close();
        return true;
      }
      return false;
    });
    for (String addr : wanted) {
      if (!streams.containsKey(addr)) {
        try {
          ManagerStream stream = new ManagerStream(addr);
          synchronized (stream) { // before any request can be answered on it
            stream.toManager = DispatcherGrpc.newStub(channels.apply(addr)).logs(stream);
          }
          streams.put(addr, stream);
        } catch (RuntimeException e) {
          log.debug("log stream to {} not opened: {}", addr, e.toString());
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (keeper != null) {
      keeper.cancel(false);
    }
    streams.values().forEach(ManagerStream::close);
    streams.clear();
  }

  /** The stream with one manager and the subscriptions it asked for. */
  private final class ManagerStream implements StreamObserver<LogRequest> {
    private final String addr;
    private final Map<String, Sending> sending = new LinkedHashMap<>();
    private StreamObserver<LogPublish> toManager;
    private volatile boolean ended;

    ManagerStream(String addr) {
      this.addr = addr;
    }

    @Override
    public void onNext(LogRequest request) {
      if (request.getCancel()) {
        stop(request.getSubscriptionId());
        return;
      }
      Sending s;
      synchronized (this) {
        Sending existing = sending.get(request.getSubscriptionId());
        if (existing != null && request.getFollow()) {
          existing.add(request.getTaskIdsList(), request.getTail()); // a task placed since the call began
          return;
        }
        s = new Sending(this, request);
        sending.put(request.getSubscriptionId(), s);
      }
      log.debug("logs of {} task(s) for subscription {} from {}", request.getTaskIdsCount(),
          request.getSubscriptionId(), addr);
      s.start();
    }

    @Override
    public void onError(Throwable t) {
      log.debug("log stream with {} ended: {}", addr, t.toString());
      ended = true;
      stopAll();
    }

    @Override
    public void onCompleted() {
      ended = true;
      stopAll();
    }

    synchronized void send(LogPublish message) {
      if (!ended) {
        toManager.onNext(message);
      }
    }

    synchronized void finished(String subscriptionId) {
      sending.remove(subscriptionId);
    }

    private void stop(String subscriptionId) {
      Sending s;
      synchronized (this) {
        s = sending.remove(subscriptionId);
      }
      if (s != null) {
        s.stop();
      }
    }

    private void stopAll() {
      List<Sending> all;
      synchronized (this) {
        all = new ArrayList<>(sending.values());
        sending.clear();
      }
      all.forEach(Sending::stop);
    }

    void close() {
      stopAll();
      synchronized (this) {
        if (!ended) {
          ended = true;
          toManager.onCompleted();
        }
      }
    }
  }

  /** One subscription's tasks on one stream: read now, and again every poll when following. */
  private final class Sending implements Runnable {
    private final ManagerStream stream;
    private final LogRequest request;
    private final Map<String, LogTail> tails = new LinkedHashMap<>();
    /** When following: tasks whose log does not exist yet (not started), with their tail. */
    private final Map<String, Integer> pending = new LinkedHashMap<>();
    private ScheduledFuture<?> polling;
    private boolean stopped;

    Sending(ManagerStream stream, LogRequest request) {
      this.stream = stream;
      this.request = request;
    }

    void start() {
      scheduler.execute(() -> {
        synchronized (this) {
          if (stopped) {
            return;
          }
          for (String taskId : request.getTaskIdsList()) {
            if (!open(taskId, request.getTail()) && request.getFollow()) {
              pending.put(taskId, request.getTail());
            }
          }
        }
        run();
        synchronized (this) {
          if (request.getFollow() && !stopped) {
            polling = scheduler.scheduleWithFixedDelay(this, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
          }
        }
      });
    }

    /** Opens the task's log if it exists; false when it does not (yet). */
    private boolean open(String taskId, int tail) {
      var file = files.logFile(taskId).filter(Files::exists);
      if (file.isEmpty()) {
        return false;
      }
      try {
        tails.put(taskId, new LogTail(file.get(), tail));
      } catch (IOException e) {
        log.debug("cannot open the log of task {}: {}", taskId, e.toString());
      }
      return true;
    }

    /** Follows more tasks under this subscription. */
    synchronized void add(List<String> taskIds, int tail) {
      for (String taskId : taskIds) {
        if (!tails.containsKey(taskId)) {
          pending.put(taskId, tail);
        }
      }
    }

    @Override
    public synchronized void run() {
      if (stopped) {
        return;
      }
      pending.entrySet().removeIf(p -> open(p.getKey(), p.getValue()));
      for (Map.Entry<String, LogTail> e : tails.entrySet()) {
        try {
          publish(e.getKey(), e.getValue().read());
          if (!request.getFollow()) {
            publish(e.getKey(), e.getValue().rest());
          }
        } catch (IOException ex) {
          log.debug("reading the log of task {} failed: {}", e.getKey(), ex.toString());
        }
      }
      if (!request.getFollow()) {
        stream.send(LogPublish.newBuilder().setSubscriptionId(request.getSubscriptionId()).setDone(true).build());
        stream.finished(request.getSubscriptionId());
        stop();
      }
    }

    private void publish(String taskId, List<byte[]> lines) {
      for (int from = 0; from < lines.size(); from += LINES_PER_MESSAGE) {
        LogPublish.Builder message = LogPublish.newBuilder().setSubscriptionId(request.getSubscriptionId())
            .setTaskId(taskId);
        for (byte[] line : lines.subList(from, Math.min(lines.size(), from + LINES_PER_MESSAGE))) {
          message.addLines(ByteString.copyFrom(line));
        }
        stream.send(message.build());
      }
    }

    synchronized void stop() {
      stopped = true;
      if (polling != null) {
        polling.cancel(false);
      }
      for (LogTail tail : tails.values()) {
        try {
          tail.close();
        } catch (IOException e) {
          log.debug("closing a log: {}", e.toString());
        }
      }
      tails.clear();
    }
  }
}
