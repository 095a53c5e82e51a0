package dev.weft.manager.service;

import dev.weft.manager.ca.NodeIds;
import dev.weft.manager.raft.Proposer;
import dev.weft.manager.raft.RaftView;
import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.Attachment;
import dev.weft.proto.CreateAttachment;
import dev.weft.proto.PutTasks;
import dev.weft.proto.RemoveTasks;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import dev.weft.proto.Task;
import dev.weft.util.CoalescingWorker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's control loop for services: after every store change, and every {@link #PERIOD}
 * (a manager that has just become leader acts without waiting for a change), plans with
 * {@link TaskPlanner} and {@link MeshEndpoints} and commits the result. Runs on every manager, acts only while this one
 * leads; passes run one at a time on the loop's own thread and coalesce.
 */
public final class TaskLoop implements AutoCloseable {
  /** How often the loop plans without a store change. */
  public static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(TaskLoop.class);

  private final ClusterStore store;
  private final Proposer proposer;
  private final RaftView raft;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final CoalescingWorker worker = new CoalescingWorker("weft-task-loop", this::pass);
  private final ScheduledFuture<?> periodic;

  public TaskLoop(ClusterStore store, Proposer proposer, RaftView raft, InstantSource clock, RandomGenerator random,
      ScheduledExecutorService scheduler) {
    this.store = store;
    this.proposer = proposer;
    this.raft = raft;
    this.clock = clock;
    this.random = random;
    store.watch(state -> worker.trigger());
    this.periodic = scheduler.scheduleWithFixedDelay(worker::trigger, PERIOD.toMillis(), PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void pass() {
    if (!raft.isLeader()) {
      return;
    }
    try {
      TaskPlanner.Plan plan = TaskPlanner.plan(store.state(), () -> NodeIds.generate(random), clock.millis());
      if (!plan.put().isEmpty()) {
        commit(StoreAction.newBuilder().setPutTasks(PutTasks.newBuilder().addAllTasks(plan.put())), plan);
      }
      if (!plan.remove().isEmpty()) {
        commit(StoreAction.newBuilder().setRemoveTasks(RemoveTasks.newBuilder().addAllTaskIds(plan.remove())), plan);
      }
      for (Attachment a : MeshEndpoints.plan(store.state(), () -> NodeIds.generate(random))) {
        StoreResult result = proposer.propose(StoreAction.newBuilder().setAtUnixMs(clock.millis())
            .setCreateAttachment(CreateAttachment.newBuilder().setAttachment(a)).build()).join();
        if (result.getOk()) {
          log.info("node {} joins the routing mesh at {} on the ingress network", a.getNodeId(), a.getAddress());
        } else {
          log.info("routing-mesh address refused, replanning: {}", result.getError());
          break;
        }
      }
    } catch (RuntimeException e) {
      log.warn("task planning failed: {}", e.toString());
    }
  }

  private void commit(StoreAction.Builder action, TaskPlanner.Plan plan) {
    StoreResult result = proposer.propose(action.setAtUnixMs(clock.millis()).build()).join();
    if (!result.getOk()) {
      // Planned from a state the log has moved past; the next pass plans from the newer one.
      log.info("task writes refused, replanning: {}", result.getError());
      return;
    }
    if (action.hasPutTasks()) {
      log.info("tasks written: {}", plan.put().stream().map(TaskLoop::describe).toList());
    } else {
      log.info("tasks removed: {}", plan.remove());
    }
  }

  private static String describe(Task t) {
    return t.getId().substring(0, Math.min(12, t.getId().length())) + " slot " + t.getSlot() + " on "
        + (t.getNodeId().isEmpty() ? "-" : t.getNodeId()) + " " + dev.weft.manager.store.TaskRules.name(
            t.getStatus().getState()) + (t.getDesiredState() == dev.weft.proto.TaskState.TASK_STATE_SHUTDOWN
            ? " (shutting down: " + t.getStatus().getMessage() + ")" : "");
  }

  @Override
  public void close() {
    periodic.cancel(false);
    worker.close();
  }
}
