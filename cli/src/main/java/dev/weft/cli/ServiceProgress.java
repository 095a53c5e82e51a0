package dev.weft.cli;

import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeView;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.Task;
import dev.weft.proto.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
   * converged yet); true when it converged. Only tasks made from this spec ({@code spec_digest})
   * count: right after an update the old tasks still run until the leader's next pass replaces them.
   */
  static boolean await(DaemonClient daemon, Service service, PrintWriter out) throws InterruptedException {
    ServiceLookup lookup = ServiceLookup.newBuilder().setRef(service.getId()).build();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> shown = new ArrayList<>();
    String lastOverall = "";
    List<Task> tasks = List.of();
    long desired = 0;
    while (System.nanoTime() < deadline) {
      Nodes nodes = new Nodes(daemon);
      desired = service.getSpec().hasGlobal() ? nodes.eligible() : service.getSpec().getReplicated().getReplicas();
      Snapshot now = Snapshot.of(service, daemon.control().listTasks(lookup).getTasksList());
      tasks = now.current();
      long running = now.running();
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
      if (now.convergedAt(desired) && (now.stoppingOn().isEmpty() || nodes.ready().stream()
          .noneMatch(now.stoppingOn()::contains))) {
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

  /**
   * One look at a service's tasks. Pure.
   *
   * @param current tasks meant to run that were made from the service's spec
   * @param running how many of them run
   * @param outdated tasks meant to run that were made from an older spec (not yet replaced)
   * @param stoppingOn the nodes of tasks told to stop that have not reported stopping yet (those
   *     on a node that is down stop with it, so the caller asks which are up)
   */
  record Snapshot(List<Task> current, long running, long outdated, Set<String> stoppingOn) {
    static Snapshot of(Service service, List<Task> all) {
      List<Task> current = new ArrayList<>();
      long outdated = 0;
      Set<String> stoppingOn = new HashSet<>();
      for (Task t : all) {
        int state = t.getStatus().getState().getNumber();
        if (t.getDesiredState() != TaskState.TASK_STATE_RUNNING) {
          if (state >= TaskState.TASK_STATE_ASSIGNED_VALUE && state <= TaskState.TASK_STATE_RUNNING_VALUE) {
            stoppingOn.add(t.getNodeId());
          }
        } else if (t.getSpecDigest() == service.getSpecDigest()) {
          current.add(t);
        } else {
          outdated++;
        }
      }
      long running = current.stream().filter(t -> t.getStatus().getState() == TaskState.TASK_STATE_RUNNING).count();
      return new Snapshot(current, running, outdated, stoppingOn);
    }

    /** Every desired task runs from this spec and none from an older one (stopping ones aside). */
    boolean convergedAt(long desired) {
      return running == desired && current.size() == desired && outdated == 0;
    }
  }

  /** The swarm's nodes as one poll sees them: asked for at most once, and only when needed. */
  private static final class Nodes {
    private final DaemonClient daemon;
    private List<NodeView> all;

    Nodes(DaemonClient daemon) {
      this.daemon = daemon;
    }

    private List<NodeView> all() {
      if (all == null) {
        all = daemon.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
      }
      return all;
    }

    /** Ready nodes, by id. */
    Set<String> ready() {
      Set<String> ready = new HashSet<>();
      all().stream().filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY)
          .forEach(n -> ready.add(n.getNode().getId()));
      return ready;
    }

    /** How many nodes a global service runs on: those Ready and Active. */
    long eligible() {
      return all().stream().filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY
          && n.getNode().getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_ACTIVE).count();
    }
  }
}
