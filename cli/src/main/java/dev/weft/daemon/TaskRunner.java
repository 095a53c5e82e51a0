package dev.weft.daemon;

import dev.weft.agent.container.ContainerService;
import dev.weft.agent.session.AssignmentFollower.Held;
import dev.weft.agent.task.TaskActions;
import dev.weft.proto.Container;
import dev.weft.proto.Network;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.TaskState;
import dev.weft.proto.TaskStatus;
import dev.weft.util.CoalescingWorker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's tasks: on every new assignment and every {@link #PERIOD}, plans with
 * {@link TaskActions} and carries the plan out (start containers, remove them, report statuses to
 * the managers), one pass at a time on its own thread. A report that reaches no manager is sent
 * again on a later pass.
 */
final class TaskRunner implements AutoCloseable {
  /** How often the runner looks at its tasks without a new assignment (a container may have ended). */
  static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final ContainerService containers;
  private final ManagerAttachments managers;
  private final InstantSource clock;
  private final CoalescingWorker worker = new CoalescingWorker("weft-tasks", this::pass);
  /** The last state this node reported per task; touched only by the worker's passes. */
  private final Map<String, TaskState> reported = new HashMap<>();
  private final ScheduledFuture<?> periodic;
  private volatile Held held;

  TaskRunner(ContainerService containers, ManagerAttachments managers, InstantSource clock,
      ScheduledExecutorService scheduler) {
    this.containers = containers;
    this.managers = managers;
    this.clock = clock;
    this.periodic = scheduler.scheduleWithFixedDelay(worker::trigger, PERIOD.toMillis(), PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A new assignment arrived. */
  void assigned(Held next) {
    held = next;
    worker.trigger();
  }

  private void pass() {
    Held h = held;
    if (h == null) {
      return; // no assignment yet
    }
    try {
      List<Container> local = containers.list(true).stream().filter(c -> !c.getSpec().getTaskId().isEmpty()).toList();
      reported.keySet().retainAll(h.tasks().keySet());
      TaskActions.Plan plan = TaskActions.plan(h.tasks(), h.services(), local, reported);
      for (TaskActions.Start s : plan.start()) {
        start(s, h);
      }
      for (String id : plan.remove()) {
        try {
          containers.remove(id, true);
          log.info("task container {} removed", id.substring(0, 12));
        } catch (RuntimeException e) {
          log.warn("task container {} not removed: {}", id.substring(0, 12), e.getMessage());
        }
      }
      for (TaskActions.Report r : plan.reports()) {
        report(r.taskId(), r.state(), r.message(), r.error());
      }
    } catch (RuntimeException e) {
      log.warn("task pass failed: {}", e.toString());
    }
  }

  private void start(TaskActions.Start s, Held h) {
    List<Network> networks = new ArrayList<>();
    for (TaskAttachment a : s.task().getAttachmentsList()) {
      Network n = h.networks().get(a.getNetworkId());
      if (n != null) {
        networks.add(n);
      }
    }
    try {
      Container c = containers.runTask(s.spec(), networks, h.dataPathPort()).container();
      log.info("task {} started as container {} ({})", s.task().getId(), s.spec().getName(),
          c.getId().substring(0, 12));
      report(s.task().getId(), TaskState.TASK_STATE_RUNNING, "started", "");
    } catch (RuntimeException e) {
      log.warn("task {} could not start: {}", s.task().getId(), e.getMessage());
      report(s.task().getId(), TaskState.TASK_STATE_REJECTED, "could not start", String.valueOf(e.getMessage()));
    }
  }

  private void report(String taskId, TaskState state, String message, String error) {
    TaskStatus status = TaskStatus.newBuilder().setState(state).setMessage(message).setError(error)
        .setAtUnixMs(clock.millis()).build();
    if (managers.report(taskId, status)) {
      reported.merge(taskId, state, (a, b) -> a.getNumber() >= b.getNumber() ? a : b);
    }
  }

  @Override
  public void close() {
    periodic.cancel(false);
    worker.close();
  }
}
