package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Service;
import dev.weft.proto.Task;
import dev.weft.proto.TaskState;
import dev.weft.proto.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceProgressTest {
  private static final long OLD = 11;
  private static final long NEW = 22;
  private static final Service UPDATED = Service.newBuilder().setId("s").setSpecDigest(NEW).build();

  private static Task task(String id, long digest, TaskState desired, TaskState state, String node) {
    return Task.newBuilder().setId(id).setServiceId("s").setSpecDigest(digest).setDesiredState(desired)
        .setNodeId(node).setStatus(TaskStatus.newBuilder().setState(state)).build();
  }

  private static List<Task> running(long digest, int count) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(task(digest + "-" + i, digest, TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_RUNNING, "n" + i));
    }
    return tasks;
  }

  @Test
  void rightAfterAnUpdateTheOldTasksStillRunningAreNotConvergence() {
    // The leader has not replaced anything yet: five tasks run, all from the old spec.
    ServiceProgress.Snapshot now = ServiceProgress.Snapshot.of(UPDATED, running(OLD, 5));
    assertFalse(now.convergedAt(5));
    assertEquals(0, now.running());
    assertEquals(5, now.outdated());
  }

  @Test
  void halfwayThroughARollingUpdateIsNotConvergence() {
    List<Task> tasks = new ArrayList<>(running(NEW, 4));
    tasks.add(running(OLD, 1).get(0));
    assertFalse(ServiceProgress.Snapshot.of(UPDATED, tasks).convergedAt(5));
  }

  @Test
  void everyTaskFromTheNewSpecRunningIsConvergenceAndReplacedOnesStillStoppingAreNamedByNode() {
    List<Task> tasks = new ArrayList<>(running(NEW, 5));
    tasks.add(task("old-stopping", OLD, TaskState.TASK_STATE_SHUTDOWN, TaskState.TASK_STATE_RUNNING, "h1"));
    tasks.add(task("old-stopped", OLD, TaskState.TASK_STATE_SHUTDOWN, TaskState.TASK_STATE_SHUTDOWN, "h2"));
    ServiceProgress.Snapshot now = ServiceProgress.Snapshot.of(UPDATED, tasks);
    assertTrue(now.convergedAt(5));
    assertEquals(Set.of("h1"), now.stoppingOn(), "only the task that has not reported stopping");
  }

  @Test
  void aTaskNotYetRunningOrOneTooFewIsNotConvergence() {
    List<Task> tasks = new ArrayList<>(running(NEW, 4));
    tasks.add(task("starting", NEW, TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_STARTING, "h3"));
    assertFalse(ServiceProgress.Snapshot.of(UPDATED, tasks).convergedAt(5));
    assertFalse(ServiceProgress.Snapshot.of(UPDATED, running(NEW, 4)).convergedAt(5));
  }
}
