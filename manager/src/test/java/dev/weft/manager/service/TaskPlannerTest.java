package dev.weft.manager.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.store.StoreState;
import dev.weft.manager.store.TaskRules;
import dev.weft.proto.Cluster;
import dev.weft.proto.EndpointSpec;
import dev.weft.proto.GlobalMode;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeSpec;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeStatus;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.Task;
import dev.weft.proto.TaskState;
import dev.weft.proto.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TaskPlannerTest {
  private static final Network NET = Network.newBuilder().setId("n1").setSpec(NetworkSpec.newBuilder().setName("nginx-net"))
      .addAllocated(IpamConfig.newBuilder().setSubnet("198.18.128.0/24").setGateway("198.18.128.1")).build();

  private Map<String, Node> nodes = new TreeMap<>();
  private Map<String, Service> services = new TreeMap<>();
  private Map<String, Task> tasks = new TreeMap<>();
  private int next;
  private final Supplier<String> ids = () -> String.format("t%03d", ++next);

  private void node(String id, NodeState st, NodeAvailability availability) {
    nodes.put(id, Node.newBuilder().setId(id).setStatus(NodeStatus.newBuilder().setState(st))
        .setSpec(NodeSpec.newBuilder().setAvailability(availability)).build());
  }

  private void readyNodes(String... ids) {
    for (String id : ids) {
      node(id, NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_ACTIVE);
    }
  }

  private void service(String id, ServiceSpec.Builder spec) {
    services.put(id, Service.newBuilder().setId(id).setSpec(spec.setName(id).addCommand("httpd")
        .addNetworks(ServiceNetwork.newBuilder().setTarget("n1"))).build());
  }

  private static ServiceSpec.Builder replicas(long k) {
    return ServiceSpec.newBuilder().setReplicated(ReplicatedMode.newBuilder().setReplicas(k));
  }

  private StoreState state() {
    return new StoreState(1, Cluster.getDefaultInstance(), nodes, Set.of(), Map.of("n1", NET), Map.of(), services, tasks);
  }

  /** Plans and applies (as the store would, after its own check) until nothing changes; returns the last plan's writes. */
  private int converge() {
    int writes = 0;
    for (int round = 0; round < 5; round++) {
      TaskPlanner.Plan plan = TaskPlanner.plan(state(), ids, 1_000);
      if (plan.isEmpty()) {
        return writes;
      }
      TaskRules.check(plan.put(), state());
      writes += plan.put().size() + plan.remove().size();
      Map<String, Task> nextTasks = new TreeMap<>(tasks);
      plan.put().forEach(t -> nextTasks.put(t.getId(), t));
      plan.remove().forEach(nextTasks::remove);
      tasks = nextTasks;
    }
    throw new AssertionError("no fixed point after 5 rounds: " + tasks.values());
  }

  private List<Task> running(String service) {
    return tasks.values().stream().filter(t -> t.getServiceId().equals(service)
        && t.getDesiredState() == TaskState.TASK_STATE_RUNNING).toList();
  }

  private Map<String, Integer> perNode(String service) {
    Map<String, Integer> count = new TreeMap<>();
    running(service).forEach(t -> count.merge(t.getNodeId(), 1, Integer::sum));
    return count;
  }

  private void report(Task t, TaskState st) {
    tasks.put(t.getId(), t.toBuilder().setStatus(TaskStatus.newBuilder().setState(st)).build());
  }

  @Test
  void fiveReplicasSpreadOverThreeNodesWithOneAddressEach() {
    readyNodes("a", "b", "c");
    service("my-web", replicas(5));
    converge();
    assertEquals(Map.of("a", 2, "b", 2, "c", 1), perNode("my-web"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), running("my-web").stream().map(Task::getSlot).sorted().toList());
    Set<String> addresses = new HashSet<>();
    running("my-web").forEach(t -> addresses.add(t.getAttachments(0).getAddress()));
    assertEquals(5, addresses.size(), "no address twice: " + addresses);
    assertTrue(running("my-web").stream().allMatch(t -> t.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED));
    assertEquals(0, converge(), "a converged state plans nothing");
  }

  @Test
  void scalingDownShutsTheHighestSlotsAndTheyGoOnceEnded() {
    readyNodes("a", "b");
    service("web", replicas(4));
    converge();
    service("web", replicas(2));
    converge();
    assertEquals(List.of(1L, 2L), running("web").stream().map(Task::getSlot).sorted().toList());
    List<Task> stopping = tasks.values().stream().filter(t -> t.getDesiredState() == TaskState.TASK_STATE_SHUTDOWN).toList();
    assertEquals(2, stopping.size());
    stopping.forEach(t -> report(t, TaskState.TASK_STATE_SHUTDOWN));
    converge();
    assertEquals(2, tasks.size(), "ended tasks are removed with their addresses");
  }

  @Test
  void aFailedTaskAndTheTasksOfADrainedOrDownNodeAreReplacedElsewhere() {
    readyNodes("a", "b", "c");
    service("web", replicas(3));
    converge();
    Task onA = running("web").stream().filter(t -> t.getNodeId().equals("a")).findFirst().orElseThrow();
    report(onA, TaskState.TASK_STATE_FAILED);
    converge();
    assertEquals(3, running("web").size());
    assertTrue(running("web").stream().noneMatch(t -> t.getId().equals(onA.getId())));

    node("c", NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_DRAIN);
    node("b", NodeState.NODE_STATE_DOWN, NodeAvailability.NODE_AVAILABILITY_ACTIVE);
    converge();
    assertEquals(Map.of("a", 3), perNode("web"), "drained and down nodes get none");
    assertTrue(tasks.values().stream().noneMatch(t -> t.getNodeId().equals("b")), "a down node's tasks are dropped");
  }

  @Test
  void globalRunsOnePerEligibleNodeIncludingOneThatJoinsLater() {
    readyNodes("a", "b");
    node("d", NodeState.NODE_STATE_READY, NodeAvailability.NODE_AVAILABILITY_DRAIN);
    service("agent", ServiceSpec.newBuilder().setGlobal(GlobalMode.getDefaultInstance()));
    converge();
    assertEquals(Map.of("a", 1, "b", 1), perNode("agent"));
    readyNodes("c");
    converge();
    assertEquals(Map.of("a", 1, "b", 1, "c", 1), perNode("agent"));
  }

  @Test
  void anUpdatedCommandReplacesTasksButScalingDoesNot() {
    readyNodes("a");
    service("web", replicas(2));
    converge();
    List<String> before = running("web").stream().map(Task::getId).sorted().toList();
    service("web", replicas(3));
    converge();
    assertTrue(running("web").stream().map(Task::getId).toList().containsAll(before), "scaling keeps tasks");
    services.put("web", services.get("web").toBuilder().setSpec(services.get("web").getSpec().toBuilder()
        .clearCommand().addCommand("nginx")).build());
    converge();
    assertTrue(running("web").stream().noneMatch(t -> before.contains(t.getId())), "a new command replaces them");
    assertEquals(3, running("web").size());
  }

  @Test
  void withoutAnEligibleNodeTasksWaitPending() {
    node("a", NodeState.NODE_STATE_DOWN, NodeAvailability.NODE_AVAILABILITY_ACTIVE);
    service("web", replicas(2));
    converge();
    assertTrue(running("web").stream().allMatch(t -> t.getStatus().getState() == TaskState.TASK_STATE_PENDING
        && t.getStatus().getMessage().contains("no suitable node")), running("web").toString());
    readyNodes("b");
    converge();
    assertEquals(Map.of("b", 2), perNode("web"), "pending tasks are scheduled once a node can take them");
  }

  @Test
  void aHostModePortTakesItsNodeSoTheFourthReplicaOnThreeNodesWaits() {
    readyNodes("a", "b", "c");
    PortConfig hostPort = PortConfig.newBuilder().setProtocol("tcp").setTargetPort(80).setPublishedPort(9090)
        .setPublishMode(PublishMode.PUBLISH_MODE_HOST).build();
    service("web", replicas(4));
    services.put("web", services.get("web").toBuilder().addPorts(hostPort).build());
    converge();
    assertEquals(Map.of("", 1, "a", 1, "b", 1, "c", 1), perNode("web"), "one per node, one without a node");
    Task waiting = running("web").stream().filter(t -> t.getNodeId().isEmpty()).findFirst().orElseThrow();
    assertEquals(TaskState.TASK_STATE_PENDING, waiting.getStatus().getState());
    assertTrue(waiting.getStatus().getMessage().contains("9090/tcp"), waiting.getStatus().getMessage());
    readyNodes("d");
    converge();
    assertEquals(Map.of("a", 1, "b", 1, "c", 1, "d", 1), perNode("web"), "a new node takes the waiting task");
  }

  @Test
  void publishingAPortReplacesTheTasksSoTheyJoinTheIngressNetwork() {
    readyNodes("a");
    service("web", replicas(1));
    converge();
    Task before = running("web").get(0);
    ServiceSpec published = services.get("web").getSpec().toBuilder().setEndpoint(EndpointSpec.newBuilder()
        .addPorts(PortConfig.newBuilder().setTargetPort(80).setPublishedPort(8080).setProtocol("tcp"))).build();
    services.put("web", services.get("web").toBuilder().setSpec(published).build());
    converge();
    assertTrue(running("web").stream().noneMatch(t -> t.getId().equals(before.getId())), "the task is replaced");
  }

  @Test
  void anUpdateReplacesTasksParallelismAtATimeOnceTheNewOnesRun() {
    readyNodes("a", "b", "c");
    service("web", replicas(3));
    services.put("web", services.get("web").toBuilder().setSpec(services.get("web").getSpec().toBuilder()
        .setUpdateParallelism(1)).build());
    converge();
    running("web").forEach(t -> report(t, TaskState.TASK_STATE_RUNNING));
    Set<String> original = new HashSet<>(running("web").stream().map(Task::getId).toList());
    services.put("web", services.get("web").toBuilder().setSpec(services.get("web").getSpec().toBuilder()
        .clearCommand().addCommand("httpd-v2")).build());
    for (int replaced = 1; replaced <= 3; replaced++) {
      converge();
      long old = running("web").stream().filter(t -> original.contains(t.getId())).count();
      assertEquals(3 - replaced, old, "one task replaced per step, until the new one runs");
      assertEquals(3, running("web").size(), "the other slots keep serving meanwhile");
      running("web").stream().filter(t -> !original.contains(t.getId()))
          .forEach(t -> report(t, TaskState.TASK_STATE_RUNNING));
    }
    converge();
    assertTrue(running("web").stream().noneMatch(t -> original.contains(t.getId())));
  }

  @Test
  void parallelismZeroReplacesEveryTaskAtOnce() {
    readyNodes("a", "b");
    service("web", replicas(4));
    converge();
    Set<String> original = new HashSet<>(running("web").stream().map(Task::getId).toList());
    services.put("web", services.get("web").toBuilder().setSpec(services.get("web").getSpec().toBuilder()
        .addEnv("V=2")).build());
    converge();
    assertTrue(running("web").stream().noneMatch(t -> original.contains(t.getId())));
  }
}
