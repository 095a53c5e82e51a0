package dev.weft.agent.session;

import dev.weft.proto.Assignments;
import dev.weft.proto.AssignmentsRequest;
import dev.weft.proto.Attachment;
import dev.weft.proto.DispatcherGrpc;
import dev.weft.proto.Network;
import dev.weft.proto.Service;
import dev.weft.proto.Task;
import dev.weft.proto.TaskPlacement;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows this node's assignment stream: a full set, then deltas chained by version. A delta
 * whose base is not the version last applied means something was missed: the stream is dropped
 * and re-opened, which starts again from a full set. A stream that ends or fails is re-opened
 * with the next manager after {@link #RETRY_MILLIS}.
 */
public final class AssignmentFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AssignmentFollower.class);
  static final long RETRY_MILLIS = 1000;

  /** What the node holds, as of {@code version}. */
  public record Held(long version, Map<String, Network> networks, Map<String, Attachment> attachments,
      Map<String, Task> tasks, Map<String, Service> services, Map<String, TaskPlacement> placements,
      int dataPathPort) {
    public Held {
      networks = Map.copyOf(networks);
      attachments = Map.copyOf(attachments);
      tasks = Map.copyOf(tasks);
      services = Map.copyOf(services);
      placements = Map.copyOf(placements);
    }
  }

  private final Supplier<List<String>> managers;
  private final Function<String, ManagedChannel> channels;
  private final ScheduledExecutorService scheduler;
  private final Consumer<Held> listener;
  private int target;
  private long version = -1;
  private final Map<String, Network> networks = new HashMap<>();
  private final Map<String, Attachment> attachments = new HashMap<>();
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, TaskPlacement> placements = new HashMap<>();
  private int dataPathPort;
  private ClientCallStreamObserver<AssignmentsRequest> call;
  private boolean closed;

  public AssignmentFollower(Supplier<List<String>> managers, Function<String, ManagedChannel> channels,
      ScheduledExecutorService scheduler, Consumer<Held> listener) {
    this.managers = managers;
    this.channels = channels;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  public synchronized void start() {
    open();
  }

  private synchronized void open() {
    if (closed) {
      return;
    }
    List<String> known = managers.get();
    if (known.isEmpty()) {
      retry();
      return;
    }
    String addr = known.get(Math.floorMod(target, known.size()));
    DispatcherGrpc.newStub(channels.apply(addr)).streamAssignments(AssignmentsRequest.getDefaultInstance(),
        new ClientResponseObserver<AssignmentsRequest, Assignments>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<AssignmentsRequest> requestStream) {
            synchronized (AssignmentFollower.this) {
              call = requestStream;
            }
          }

          @Override
          public void onNext(Assignments message) {
            received(message, addr);
          }

          @Override
          public void onError(Throwable t) {
            ended(addr, t.toString());
          }

          @Override
          public void onCompleted() {
            ended(addr, "completed");
          }
        });
  }

  private void received(Assignments message, String addr) {
    Held held;
    synchronized (this) {
      if (message.getFull()) {
        networks.clear();
        attachments.clear();
        tasks.clear();
        services.clear();
        placements.clear();
      } else if (message.getBaseVersion() != version) {
        log.info("assignments from {}: delta on version {} but {} was applied last; re-syncing", addr,
            message.getBaseVersion(), version);
        version = -1;
        call.cancel("re-sync", null);
        return;
      }
      message.getNetworksList().forEach(n -> networks.put(n.getId(), n));
      message.getRemovedNetworkIdsList().forEach(networks::remove);
      message.getAttachmentsList().forEach(a -> attachments.put(a.getId(), a));
      message.getRemovedAttachmentIdsList().forEach(attachments::remove);
      message.getTasksList().forEach(t -> tasks.put(t.getId(), t));
      message.getRemovedTaskIdsList().forEach(tasks::remove);
      message.getServicesList().forEach(x -> services.put(x.getId(), x));
      message.getRemovedServiceIdsList().forEach(services::remove);
      message.getPlacementsList().forEach(x -> placements.put(x.getTaskId(), x));
      message.getRemovedPlacementIdsList().forEach(placements::remove);
      version = message.getVersion();
      dataPathPort = message.getDataPathPort();
      held = new Held(version, networks, attachments, tasks, services, placements, dataPathPort);
    }
    log.debug("assignments at version {}: {} networks, {} attachments, {} tasks", held.version(),
        held.networks().size(), held.attachments().size(), held.tasks().size());
    listener.accept(held);
  }

  private synchronized void ended(String addr, String why) {
    if (closed) {
      return;
    }
    log.debug("assignment stream from {} ended: {}", addr, why);
    target++;
    retry();
  }

  private void retry() {
    scheduler.schedule(this::open, RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The set applied last (empty before the first message). */
  public synchronized Held held() {
    return new Held(version, networks, attachments, tasks, services, placements, dataPathPort);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (call != null) {
      call.cancel("closing", null);
    }
  }
}
