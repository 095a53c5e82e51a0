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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's tasks: on every new assignment and every {@link #PERIOD}, plans with
 * {@link TaskActions} and carries the plan out (remove containers, then start them), one pass at a
 * time on its own thread; statuses go to the managers from a worker of their own, so an unreachable
 * manager never holds up containers. A report that reaches no manager is sent again on a later pass.
 */
final class TaskRunner implements AutoCloseable {
  /** How often the runner looks at its tasks without a new assignment (a container may have ended). */
  static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final ContainerService containers;
  private final ManagerAttachments managers;
  private final InstantSource clock;
  private final CoalescingWorker worker = new CoalescingWorker("weft-tasks", this::pass);
  /** The last state the managers acknowledged per task. */
  private final Map<String, TaskState> reported = new ConcurrentHashMap<>();
  /**
   * Statuses not yet acknowledged, sent by their own worker: a manager that does not answer (a
   * partition) costs its deadline there, not in the passes that start and remove containers.
   */
  private final Map<String, TaskStatus> unsent = new ConcurrentHashMap<>();
  private final CoalescingWorker reporter = new CoalescingWorker("weft-task-reports", this::sendReports);
  private final ScheduledFuture<?> periodic;
  private volatile Held held;
  private final Runnable drain;

  /**
   * @param drain applies the latest assignment's task placements to DNS, virtual IPs and the mesh,
   *     and returns once they are in the kernel; run before containers are removed, so no name or
   *     connection goes to a task while it is being killed
   */
  TaskRunner(ContainerService containers, ManagerAttachments managers, InstantSource clock,
      ScheduledExecutorService scheduler, Runnable drain) {
    this.drain = drain;
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
      unsent.keySet().retainAll(h.tasks().keySet());
      TaskActions.Plan plan = TaskActions.plan(h.tasks(), h.services(), local, reported);
      if (!plan.remove().isEmpty()) {
        drain.run();
      }
      for (String id : plan.remove()) { // first: what is gone leaves names, VIPs and ports before new tasks come
        try {
          containers.remove(id, true);
          log.info("task container {} removed", id.substring(0, 12));
        } catch (RuntimeException e) {
          log.warn("task container {} not removed: {}", id.substring(0, 12), e.getMessage());
        }
      }
      for (TaskActions.Start s : plan.start()) {
        start(s, h);
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
    unsent.merge(taskId, status, (a, b) -> b.getState().getNumber() >= a.getState().getNumber() ? b : a);
    reporter.trigger();
  }

  /** Sends every unacknowledged status; one that reaches no manager is sent again on a later pass. */
  private void sendReports() {
    for (Map.Entry<String, TaskStatus> e : List.copyOf(unsent.entrySet())) {
      if (managers.report(e.getKey(), e.getValue())) {
        unsent.remove(e.getKey(), e.getValue());
        reported.merge(e.getKey(), e.getValue().getState(), (a, b) -> a.getNumber() >= b.getNumber() ? a : b);
      }
    }
  }

  @Override
  public void close() {
    periodic.cancel(false);
    worker.close();
    reporter.close();
  }
}
