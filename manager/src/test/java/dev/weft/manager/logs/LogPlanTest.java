package dev.weft.manager.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Cluster;
import dev.weft.proto.GlobalMode;
import dev.weft.proto.Node;
import dev.weft.proto.NodeDescription;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogPlanTest {
  private static final Node H1 = node("node-1", "h1");
  private static final Node H2 = node("node-2", "h2");

  private static Node node(String id, String hostname) {
    return Node.newBuilder().setId(id).setDescription(NodeDescription.newBuilder().setHostname(hostname)).build();
  }

  private static Task task(String id, String service, long slot, String node) {
    return Task.newBuilder().setId(id).setServiceId(service).setSlot(slot).setNodeId(node).build();
  }

  private static StoreState state(Service service, Task... tasks) {
    Map<String, Task> byId = new java.util.HashMap<>();
    for (Task t : tasks) {
      byId.put(t.getId(), t);
    }
    return new StoreState(3, Cluster.getDefaultInstance(), Map.of(H1.getId(), H1, H2.getId(), H2), Set.of(),
        Map.of(), Map.of(), Map.of(service.getId(), service), byId);
  }

  @Test
  void tasksAreAskedOfTheNodesHoldingThemAndNamedAsDockerDoes() {
    Service web = Service.newBuilder().setId("svc-web").setSpec(ServiceSpec.newBuilder().setName("my-web")
        .setReplicated(ReplicatedMode.newBuilder().setReplicas(4))).build();
    LogPlan plan = LogPlan.of(state(web,
        task("t3aaaaaaaaaaaaaaaa", "svc-web", 3, "node-1"),
        task("t1aaaaaaaaaaaaaaaa", "svc-web", 1, "node-1"),
        task("t2aaaaaaaaaaaaaaaa", "svc-web", 2, "node-2"),
        task("t4aaaaaaaaaaaaaaaa", "svc-web", 4, ""),
        task("other", "svc-other", 1, "node-2")), web);

    assertEquals(Map.of("node-1", List.of("t1aaaaaaaaaaaaaaaa", "t3aaaaaaaaaaaaaaaa"),
        "node-2", List.of("t2aaaaaaaaaaaaaaaa")), plan.tasksByNode(), "unplaced and other services' tasks left out");
    assertEquals("my-web.1.t1aaaaaaaaaa", plan.taskNames().get("t1aaaaaaaaaaaaaaaa"));
    assertEquals(Map.of("node-1", "h1", "node-2", "h2"), plan.hostnames());
  }

  @Test
  void globalTasksAreNamedByTheirNodeAndAnUnknownNodeByItsId() {
    Service agent = Service.newBuilder().setId("svc-agent").setSpec(ServiceSpec.newBuilder().setName("agent")
        .setGlobal(GlobalMode.getDefaultInstance())).build();
    LogPlan plan = LogPlan.of(state(agent, task("ga", "svc-agent", 0, "node-1"), task("gb", "svc-agent", 0, "gone")),
        agent);
    assertEquals("agent.node-1.ga", plan.taskNames().get("ga"));
    assertEquals("gone", plan.hostnames().get("gone"));
  }

  @Test
  void aLaterPlanKeepsTheNamesOfTasksThatAreGoneForLinesStillArriving() {
    Service web = Service.newBuilder().setId("svc-web").setSpec(ServiceSpec.newBuilder().setName("my-web")
        .setReplicated(ReplicatedMode.newBuilder().setReplicas(1))).build();
    LogPlan before = LogPlan.of(state(web, task("oldaaaaaaaaaaaaaaa", "svc-web", 1, "node-1")), web);
    LogPlan after = LogPlan.of(state(web, task("newaaaaaaaaaaaaaaa", "svc-web", 1, "node-2")), web);
    LogPlan merged = after.including(before);
    assertEquals(after.tasksByNode(), merged.tasksByNode(), "only the current tasks are asked for");
    assertEquals("my-web.1.oldaaaaaaaaa", merged.taskNames().get("oldaaaaaaaaaaaaaaa"));
    assertEquals("my-web.1.newaaaaaaaaa", merged.taskNames().get("newaaaaaaaaaaaaaaa"));
    assertEquals(Map.of("node-1", "h1", "node-2", "h2"), merged.hostnames());
  }
}
