package dev.weft.agent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Container;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PortMapping;
import dev.weft.proto.PublishMode;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.Task;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.TaskState;
import dev.weft.proto.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskActionsTest {
  private static final Service WEB = Service.newBuilder().setId("s1").setSpec(ServiceSpec.newBuilder().setName("my-web")
      .setReplicated(ReplicatedMode.newBuilder().setReplicas(2)).addCommand("httpd").addEnv("A=1")
      .addNetworks(ServiceNetwork.newBuilder().setTarget("n1").addAliases("web"))).build();

  private static Task task(String id, TaskState desired, TaskState state) {
    return Task.newBuilder().setId(id).setServiceId("s1").setSlot(1).setNodeId("node-a").setDesiredState(desired)
        .setStatus(TaskStatus.newBuilder().setState(state))
        .addAttachments(TaskAttachment.newBuilder().setNetworkId("n1").setAddress("198.18.128.7/24")).build();
  }

  private static Container container(String id, String taskId, String state, int exit) {
    return Container.newBuilder().setId(id).setSpec(ContainerSpec.newBuilder().setTaskId(taskId)).setState(state)
        .setExitCode(exit).build();
  }

  @Test
  void anAssignedTaskStartsAsDockerNamesItWithItsAddressAndNames() {
    Task t = task("t1", TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_ASSIGNED);
    TaskActions.Plan plan = TaskActions.plan(Map.of("t1", t), Map.of("s1", WEB), List.of(), Map.of());
    assertEquals(1, plan.start().size());
    ContainerSpec spec = plan.start().get(0).spec();
    assertEquals("my-web.1.t1", spec.getName());
    assertEquals("t1", spec.getHostname(), "each task's hostname is its own");
    assertEquals(List.of("A=1"), spec.getEnvList());
    assertEquals("198.18.128.7", spec.getNetworks(0).getIpv4());
    assertEquals(List.of("web", "tasks.my-web"), spec.getNetworks(0).getAliasesList(),
        "in vip mode the service name is the virtual IP's");
    Service rr = WEB.toBuilder().setSpec(WEB.getSpec().toBuilder().setEndpoint(dev.weft.proto.EndpointSpec.newBuilder()
        .setMode(dev.weft.proto.EndpointMode.ENDPOINT_MODE_DNSRR))).build();
    assertEquals(List.of("web", "my-web", "tasks.my-web"), TaskActions.spec(t, rr).getNetworks(0).getAliasesList());
    assertTrue(plan.reports().isEmpty(), "RUNNING is reported once the container runs");
  }

  @Test
  void endedContainersAreReportedOnceAndShutdownsRemoveThem() {
    Task running = task("t1", TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_RUNNING);
    Task failing = task("t2", TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_RUNNING);
    Task stopping = task("t3", TaskState.TASK_STATE_SHUTDOWN, TaskState.TASK_STATE_RUNNING);
    List<Container> local = List.of(container("c1", "t1", "exited", 0), container("c2", "t2", "exited", 3),
        container("c3", "t3", "running", 0), container("c9", "gone", "running", 0));
    TaskActions.Plan plan = TaskActions.plan(Map.of("t1", running, "t2", failing, "t3", stopping), Map.of("s1", WEB),
        local, Map.of());
    assertEquals(List.of(
        new TaskActions.Report("t1", TaskState.TASK_STATE_COMPLETE, "finished", ""),
        new TaskActions.Report("t2", TaskState.TASK_STATE_FAILED, "task: non-zero exit (3)", "task: non-zero exit (3)"),
        new TaskActions.Report("t3", TaskState.TASK_STATE_SHUTDOWN, "shut down", "")), plan.reports());
    assertEquals(List.of("c3", "c9"), plan.remove(), "a task's container, and one whose task is gone");
    assertTrue(plan.start().isEmpty(), "an ended task is not restarted: the managers replace it");

    TaskActions.Plan again = TaskActions.plan(Map.of("t1", running, "t2", failing), Map.of("s1", WEB),
        local.subList(0, 2), Map.of("t1", TaskState.TASK_STATE_COMPLETE, "t2", TaskState.TASK_STATE_FAILED));
    assertTrue(again.reports().isEmpty(), "reported once");
  }

  @Test
  void onTheIngressNetworkATaskIsFoundByTheMeshAndHostPortsArePublishedOnItsNode() {
    Task t = task("t1", TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_ASSIGNED).toBuilder()
        .addAttachments(0, TaskAttachment.newBuilder().setNetworkId("ingress").setAddress("198.18.200.5/24")).build();
    Service published = WEB.toBuilder()
        .addPorts(PortConfig.newBuilder().setProtocol("tcp").setTargetPort(80).setPublishedPort(8080)
            .setPublishMode(PublishMode.PUBLISH_MODE_INGRESS))
        .addPorts(PortConfig.newBuilder().setProtocol("udp").setTargetPort(53).setPublishedPort(5353)
            .setPublishMode(PublishMode.PUBLISH_MODE_HOST)).build();
    ContainerSpec spec = TaskActions.spec(t, published);
    assertEquals("ingress", spec.getNetworks(0).getNetwork());
    assertEquals(List.of("tasks.my-web"), spec.getNetworks(0).getAliasesList(), "no service aliases on ingress");
    assertEquals(List.of(PortMapping.newBuilder().setHostPort(5353).setContainerPort(53).setProtocol("udp").build()),
        spec.getPortsList(), "only host-mode ports are the container's; the mesh serves the others");
  }
}
