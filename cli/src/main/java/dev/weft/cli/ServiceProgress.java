package dev.weft.cli;

import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeState;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.Task;
import dev.weft.proto.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code service create} and {@code update} print while the service converges: the overall
 * count and each task's state as it changes, then "verify: Service converged", or after
 * {@link #TIMEOUT} an error naming the tasks that are not running and why.
 */
final class ServiceProgress {
  /** How long the CLI waits for a service to converge. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** How often it asks the managers. */
  static final Duration POLL = Duration.ofMillis(100);

  private ServiceProgress() {}

  /**
   * Waits for every desired task of {@code service} to run and for the tasks it replaced to stop
   * (as Docker's update does: a task still running the old spec, on a node that is up, means not
   * converged yet); true when it converged.
   */
  static boolean await(DaemonClient daemon, Service service, PrintWriter out) throws InterruptedException {
    ServiceLookup lookup = ServiceLookup.newBuilder().setRef(service.getId()).build();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> shown = new ArrayList<>();
    String lastOverall = "";
    List<Task> tasks = List.of();
    long desired = 0;
    while (System.nanoTime() < deadline) {
      List<Task> all = daemon.control().listTasks(lookup).getTasksList();
      tasks = all.stream().filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING).toList();
      desired = service.getSpec().hasGlobal() ? eligibleNodes(daemon) : service.getSpec().getReplicated().getReplicas();
      long running = tasks.stream().filter(t -> t.getStatus().getState() == TaskState.TASK_STATE_RUNNING).count();
      String overall = "overall progress: " + running + " out of " + desired + " tasks";
      if (!overall.equals(lastOverall)) {
        out.println(overall);
        lastOverall = overall;
      }
      for (Task t : tasks) {
        String line = ServiceFlags.taskName(service, t) + ": " + ServiceFlags.state(t.getStatus().getState()).toLowerCase()
            + (t.getStatus().getError().isEmpty() ? "" : " (" + t.getStatus().getError() + ")");
        if (!shown.contains(t.getId() + line)) {
          shown.add(t.getId() + line);
          out.println(line);
        }
      }
      out.flush();
      if (running == desired && tasks.size() == desired && stillStopping(daemon, all) == 0) {
        out.println("verify: Service converged");
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    List<String> stuck = new ArrayList<>();
    for (Task t : tasks) {
      if (t.getStatus().getState() != TaskState.TASK_STATE_RUNNING) {
        stuck.add(ServiceFlags.taskName(service, t) + " " + ServiceFlags.state(t.getStatus().getState()).toLowerCase()
            + ": " + (t.getStatus().getError().isEmpty() ? t.getStatus().getMessage() : t.getStatus().getError()));
      }
    }
    throw new IllegalArgumentException("service " + service.getSpec().getName() + " did not converge within "
        + TIMEOUT.toSeconds() + " s (" + tasks.stream().filter(t -> t.getStatus().getState() == TaskState.TASK_STATE_RUNNING)
        .count() + " of " + desired + " tasks running)" + (stuck.isEmpty() ? "" : ": " + String.join("; ", stuck)));
  }

  /** Tasks told to stop that still run on a node that is up (those on a down node stop with it). */
  private static long stillStopping(DaemonClient daemon, List<Task> all) {
    List<Task> leaving = all.stream().filter(t -> t.getDesiredState() != TaskState.TASK_STATE_RUNNING
        && t.getStatus().getState().getNumber() >= TaskState.TASK_STATE_ASSIGNED_VALUE
        && t.getStatus().getState().getNumber() <= TaskState.TASK_STATE_RUNNING_VALUE).toList();
    if (leaving.isEmpty()) {
      return 0;
    }
    java.util.Set<String> ready = new java.util.HashSet<>();
    daemon.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
        .filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY)
        .forEach(n -> ready.add(n.getNode().getId()));
    return leaving.stream().filter(t -> ready.contains(t.getNodeId())).count();
  }

  private static long eligibleNodes(DaemonClient daemon) {
    return daemon.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
        .filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY
            && n.getNode().getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_ACTIVE)
        .count();
  }
}
