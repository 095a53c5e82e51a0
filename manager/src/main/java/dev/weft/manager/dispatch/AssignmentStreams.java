package dev.weft.manager.dispatch;

import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.Assignments;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open assignment streams of this manager. Each stream starts with a full set and then gets a
 * delta whenever a store change touches what its node holds; every send happens on one thread, in
 * store order, so the deltas of a stream chain without gaps. The store's watcher only hands the
 * new state over; it never blocks the Raft apply thread.
 */
public final class AssignmentStreams implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AssignmentStreams.class);

  private final ClusterStore store;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "assignments");
    t.setDaemon(true);
    return t;
  });
  private final List<Subscriber> subscribers = new ArrayList<>(); // touched on the sender thread only

  public AssignmentStreams(ClusterStore store) {
    this.store = store;
    store.watch(state -> onSender(() -> publish(state)));
  }

  /** Runs on the sender thread; after {@link #close} there is nothing left to send. */
  private void onSender(Runnable task) {
    try {
      sender.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closing: the streams are ended
    }
  }

  private static final class Subscriber {
    final String nodeId;
    final ServerCallStreamObserver<Assignments> out;
    NodeAssignments last;

    Subscriber(String nodeId, ServerCallStreamObserver<Assignments> out) {
      this.nodeId = nodeId;
      this.out = out;
    }
  }

  /** Opens a stream for {@code nodeId}: the full set now, deltas after. */
  public void open(String nodeId, ServerCallStreamObserver<Assignments> out) {
    Subscriber s = new Subscriber(nodeId, out);
    out.setOnCancelHandler(() -> onSender(() -> subscribers.remove(s)));
    onSender(() -> {
      StoreState state = store.state();
      s.last = NodeAssignments.of(state, nodeId);
      if (out.isCancelled()) {
        return;
      }
      out.onNext(s.last.full(dataPathPort(state)));
      subscribers.add(s);
      log.debug("assignment stream for node {} opened at version {}", nodeId, state.version());
    });
  }

  private void publish(StoreState state) {
    for (Subscriber s : List.copyOf(subscribers)) {
      if (s.out.isCancelled()) {
        subscribers.remove(s);
        continue;
      }
      NodeAssignments next = NodeAssignments.of(state, s.nodeId);
      if (next.version() <= s.last.version()) {
        continue;
      }
      var delta = next.deltaFrom(s.last, dataPathPort(state));
      if (delta.isPresent()) {
        try {
          s.out.onNext(delta.get());
        } catch (RuntimeException e) {
          subscribers.remove(s);
          log.debug("assignment stream for node {} closed: {}", s.nodeId, e.toString());
          continue;
        }
        s.last = next;
      }
    }
  }

  private static int dataPathPort(StoreState state) {
    int port = state.cluster() == null ? 0 : state.cluster().getSpec().getDataPathPort();
    return port == 0 ? 4789 : port;
  }

  /** Ends every stream (the agents re-open them with another manager). */
  @Override
  public void close() {
    onSender(() -> {
      for (Subscriber s : subscribers) {
        try {
          s.out.onCompleted();
        } catch (RuntimeException ignored) {
          // already cancelled
        }
      }
      subscribers.clear();
    });
    sender.shutdown();
  }
}
