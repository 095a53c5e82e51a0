package dev.weft.manager.logs;

import dev.weft.proto.LogPublish;
import dev.weft.proto.LogRequest;
import dev.weft.proto.ServiceLogLine;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the nodes' log streams and the users' {@code service logs} calls on this manager. A call
 * becomes a subscription: a request to every node that holds some of the service's tasks; the
 * lines coming back are passed on, named by task and node. Without {@code follow}, the call ends
 * once every node said it is done, or, for a node that does not answer, after {@link
 * #ANSWER_TIMEOUT} with a warning; a node that has no stream here gets a warning at once. With
 * {@code follow}, tasks placed after the call started are asked for too ({@link #storeChanged}),
 * as Docker's {@code service logs -f} shows the lines of tasks that replace others.
 */
public final class LogBroker {
  private static final Logger log = LoggerFactory.getLogger(LogBroker.class);
  /** How long a node may take to send the logs it has, when not following. */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, NodeStream> nodes = new ConcurrentHashMap<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Supplier<String> ids;

  public LogBroker(ScheduledExecutorService scheduler, Supplier<String> ids) {
    this.scheduler = scheduler;
    this.ids = ids;
  }

  /**
   * A node opened its log stream; the returned observer takes what it sends. A newer stream of
   * the same node replaces an older one.
   */
  public StreamObserver<LogPublish> attach(String nodeId, StreamObserver<LogRequest> toNode) {
    NodeStream stream = new NodeStream(nodeId, toNode);
    NodeStream previous = nodes.put(nodeId, stream);
    if (previous != null) {
      previous.end();
    }
    log.debug("node {} opened its log stream", nodeId);
    return new StreamObserver<>() {
      @Override
      public void onNext(LogPublish message) {
        Subscription s = subscriptions.get(message.getSubscriptionId());
        if (s != null) {
          s.received(nodeId, message);
        }
      }

      @Override
      public void onError(Throwable t) {
        detached(stream);
      }

      @Override
      public void onCompleted() {
        detached(stream);
        stream.end();
      }
    };
  }

  private void detached(NodeStream stream) {
    if (nodes.remove(stream.nodeId, stream)) {
      for (Subscription s : subscriptions.values()) {
        s.lost(stream.nodeId);
      }
    }
  }

  /**
   * Asks the plan's nodes for their lines and passes them to {@code out} until done or cancelled.
   *
   * @param planner the service's current plan; asked again on every store change while following
   *     (null once the service is gone)
   */
  public void subscribe(Supplier<LogPlan> planner, boolean follow, int tail, ServerCallStreamObserver<ServiceLogLine> out) {
    String id = ids.get();
    LogPlan plan = planner.get();
    Subscription s = new Subscription(id, plan, planner, follow, out);
    subscriptions.put(id, s);
    out.setOnCancelHandler(() -> s.cancel());
    for (Map.Entry<String, List<String>> e : plan.tasksByNode().entrySet()) {
      s.ask(e.getKey(), e.getValue(), tail);
    }
    s.startedAll();
    if (!follow) {
      s.timeout = scheduler.schedule(s::timedOut, ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The store changed: following calls ask for the lines of tasks placed since (from their first line). */
  public void storeChanged() {
    for (Subscription s : subscriptions.values()) {
      if (s.follow) {
        s.replan();
      }
    }
  }

  /** One node's stream: requests go out on it one at a time. */
  private static final class NodeStream {
    final String nodeId;
    private final StreamObserver<LogRequest> toNode;
    private boolean ended;

    NodeStream(String nodeId, StreamObserver<LogRequest> toNode) {
      this.nodeId = nodeId;
      this.toNode = toNode;
    }

    synchronized void send(LogRequest request) {
      if (!ended) {
        try {
          toNode.onNext(request);
        } catch (RuntimeException e) {
          log.debug("log request to node {} not sent: {}", nodeId, e.toString());
        }
      }
    }

    synchronized void end() {
      if (!ended) {
        ended = true;
        try {
          toNode.onCompleted();
        } catch (RuntimeException e) {
          log.debug("closing the log stream of node {}: {}", nodeId, e.toString());
        }
      }
    }
  }

  /** One user's call: the nodes still to answer, and the output, written one line at a time. */
  private final class Subscription {
    private final String id;
    private LogPlan plan;
    private final Supplier<LogPlan> planner;
    private final boolean follow;
    /** Task ids asked for so far. */
    private final Set<String> asked = new HashSet<>();
    private final ServerCallStreamObserver<ServiceLogLine> out;
    private final Set<String> waiting;
    private boolean started;
    private boolean finished;
    ScheduledFuture<?> timeout;

    Subscription(String id, LogPlan plan, Supplier<LogPlan> planner, boolean follow,
        ServerCallStreamObserver<ServiceLogLine> out) {
      this.id = id;
      this.plan = plan;
      this.planner = planner;
      this.follow = follow;
      this.out = out;
      this.waiting = new HashSet<>(plan.tasksByNode().keySet());
    }

    /** Sends a node the request for {@code taskIds}, or warns when it has no stream here. */
    synchronized void ask(String nodeId, List<String> taskIds, int tail) {
      asked.addAll(taskIds);
      NodeStream stream = nodes.get(nodeId);
      if (stream == null) {
        waiting.add(nodeId);
        missing(nodeId, "is not connected to this manager");
        return;
      }
      stream.send(LogRequest.newBuilder().setSubscriptionId(id).addAllTaskIds(taskIds).setFollow(follow)
          .setTail(tail).build());
    }

    /** Asks for the tasks of the service's current plan that were not asked for yet. */
    synchronized void replan() {
      if (finished) {
        return;
      }
      LogPlan next;
      try {
        next = planner.get();
      } catch (RuntimeException e) {
        return; // the service is gone: the lines already followed keep coming until the call ends
      }
      if (next == null) {
        return;
      }
      LogPlan merged = next.including(plan);
      plan = merged;
      for (Map.Entry<String, List<String>> e : next.tasksByNode().entrySet()) {
        List<String> fresh = e.getValue().stream().filter(t -> !asked.contains(t)).toList();
        if (!fresh.isEmpty()) {
          ask(e.getKey(), fresh, -1);
        }
      }
    }

    synchronized void received(String nodeId, LogPublish message) {
      if (finished) {
        return;
      }
      String name = plan.taskNames().get(message.getTaskId());
      if (name != null) { // a node sends only the tasks it was asked for; anything else is dropped
        for (var line : message.getLinesList()) {
          out.onNext(ServiceLogLine.newBuilder().setTaskId(message.getTaskId()).setTaskName(name)
              .setNode(plan.hostnames().getOrDefault(nodeId, nodeId)).setLine(line).build());
        }
      }
      if (message.getDone()) {
        answered(nodeId);
      }
    }

    synchronized void missing(String nodeId, String why) {
      if (!finished && waiting.contains(nodeId)) {
        out.onNext(ServiceLogLine.newBuilder().setNode(plan.hostnames().getOrDefault(nodeId, nodeId))
            .setWarning("no logs from node " + plan.hostnames().getOrDefault(nodeId, nodeId) + ": it " + why
                + " (is it down?); the lines of its tasks are missing").build());
        answered(nodeId);
      }
    }

    synchronized void lost(String nodeId) {
      missing(nodeId, "closed its log stream");
    }

    synchronized void startedAll() {
      started = true;
      finishIfAnswered();
    }

    synchronized void timedOut() {
      for (String nodeId : List.copyOf(waiting)) {
        missing(nodeId, "did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
      }
    }

    private void answered(String nodeId) {
      waiting.remove(nodeId);
      finishIfAnswered();
    }

    private void finishIfAnswered() {
      if (started && !follow && waiting.isEmpty() && !finished) {
        finish();
        out.onCompleted();
      }
    }

    synchronized void cancel() {
      if (finished) {
        return;
      }
      finish();
      for (String nodeId : plan.tasksByNode().keySet()) {
        NodeStream stream = nodes.get(nodeId);
        if (stream != null) {
          stream.send(LogRequest.newBuilder().setSubscriptionId(id).setCancel(true).build());
        }
      }
    }

    private void finish() {
      finished = true;
      subscriptions.remove(id);
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }
}
