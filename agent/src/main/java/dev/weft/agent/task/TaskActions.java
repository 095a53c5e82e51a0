package dev.weft.agent.task;

import dev.weft.proto.Container;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.EndpointMode;
import dev.weft.proto.NetworkAttachmentSpec;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PortMapping;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.Task;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What to do about this node's tasks; see the package documentation. Pure. */
public final class TaskActions {
  /** A status to send for a task. */
  public record Report(String taskId, TaskState state, String message, String error) {}

  /**
   * One pass's actions.
   *
   * @param start task containers to run, with the task they are for
   * @param remove ids of local containers to remove (forced)
   * @param reports statuses to send, after the starts and removals they describe
   */
  public record Plan(List<Start> start, List<String> remove, List<Report> reports) {}

  /** A task to start: the container spec and the task. */
  public record Start(Task task, ContainerSpec spec) {}

  private TaskActions() {}

  /**
   * @param tasks the node's tasks by id, from its assignment
   * @param services their services by id
   * @param containers the local containers that belong to tasks (ContainerSpec.task_id set)
   * @param reported the last state this node reported per task
   */
  public static Plan plan(Map<String, Task> tasks, Map<String, Service> services, List<Container> containers,
      Map<String, TaskState> reported) {
    Map<String, Container> byTask = new HashMap<>();
    containers.forEach(c -> byTask.put(c.getSpec().getTaskId(), c));
    List<Start> start = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<Report> reports = new ArrayList<>();
    for (Task t : tasks.values().stream().sorted(java.util.Comparator.comparing(Task::getId)).toList()) {
      Container c = byTask.get(t.getId());
      TaskState last = reported.getOrDefault(t.getId(), t.getStatus().getState());
      if (t.getDesiredState() == TaskState.TASK_STATE_RUNNING) {
        if (c == null) {
          Service s = services.get(t.getServiceId());
          if (s != null && last.getNumber() < TaskState.TASK_STATE_RUNNING.getNumber()) {
            start.add(new Start(t, spec(t, s)));
          }
        } else if (c.getState().equals("running")) {
          report(reports, t, last, TaskState.TASK_STATE_RUNNING, "started", "");
        } else if (c.getState().equals("exited")) {
          if (c.getExitCode() == 0) {
            report(reports, t, last, TaskState.TASK_STATE_COMPLETE, "finished", "");
          } else {
            report(reports, t, last, TaskState.TASK_STATE_FAILED, "task: non-zero exit (" + c.getExitCode() + ")",
                "task: non-zero exit (" + c.getExitCode() + ")");
          }
        }
      } else {
        if (c != null) {
          remove.add(c.getId());
        }
        report(reports, t, last, TaskState.TASK_STATE_SHUTDOWN, "shut down", "");
      }
    }
    for (Container c : containers) {
      if (!tasks.containsKey(c.getSpec().getTaskId())) {
        remove.add(c.getId()); // the task is gone from the assignment: its service was removed
      }
    }
    return new Plan(start, remove, reports);
  }

  private static void report(List<Report> reports, Task t, TaskState last, TaskState now, String message,
      String error) {
    if (now.getNumber() > last.getNumber()) {
      reports.add(new Report(t.getId(), now, message, error));
    }
  }

  /**
   * The container of a task, as Docker names it: SERVICE.SLOT.TASK (SERVICE.NODE.TASK for a
   * global service), hostname the task id, the service's command and environment, and an
   * endpoint per task address whose names are the service's aliases on that network,
   * {@code tasks.SERVICE}, and in dnsrr mode the service name (in vip mode that name is its
   * virtual IP's); ports published in host mode are the container's published ports.
   */
  public static ContainerSpec spec(Task t, Service s) {
    String name = s.getSpec().getName() + "." + (s.getSpec().hasGlobal() ? t.getNodeId() : Long.toString(t.getSlot()))
        + "." + t.getId();
    ContainerSpec.Builder b = ContainerSpec.newBuilder().setName(name).setHostname(t.getId()).setTaskId(t.getId())
        .addAllCommand(s.getSpec().getCommandList()).addAllEnv(s.getSpec().getEnvList());
    for (TaskAttachment a : t.getAttachmentsList()) {
      NetworkAttachmentSpec.Builder n = NetworkAttachmentSpec.newBuilder().setNetwork(a.getNetworkId())
          .setIpv4(a.getAddress().substring(0, a.getAddress().indexOf('/')))
          .setEndpointId(t.getId() + "." + a.getNetworkId());
      for (ServiceNetwork sn : s.getSpec().getNetworksList()) {
        if (sn.getTarget().equals(a.getNetworkId())) {
          n.addAllAliases(sn.getAliasesList());
          if (s.getSpec().getEndpoint().getMode() == EndpointMode.ENDPOINT_MODE_DNSRR) {
            n.addAliases(s.getSpec().getName()); // in vip mode the name is the virtual IP's
          }
        }
      }
      // On every network, the ingress network included: how virtual IPs and the routing mesh find the task.
      n.addAliases("tasks." + s.getSpec().getName());
      b.addNetworks(n);
    }
    for (PortConfig p : s.getPortsList()) {
      if (p.getPublishMode() == PublishMode.PUBLISH_MODE_HOST) {
        b.addPorts(PortMapping.newBuilder().setHostPort(p.getPublishedPort()).setContainerPort(p.getTargetPort())
            .setProtocol(p.getProtocol()));
      }
    }
    return b.build();
  }
}
