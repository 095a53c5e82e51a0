package dev.weft.manager.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Assignments;
import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeAssignmentsTest {
  private static final Network A = net("net-a", "a");
  private static final Network B = net("net-b", "b");

  private static Network net(String id, String name) {
    return Network.newBuilder().setId(id).setSpec(NetworkSpec.newBuilder().setName(name).setAttachable(true)).build();
  }

  private static Attachment attachment(String id, String network, String node) {
    return Attachment.newBuilder().setId(id).setNetworkId(network).setNodeId(node).setAddress("198.18.128.9/24").build();
  }

  private static StoreState state(long version, List<Network> networks, List<Attachment> attachments) {
    Map<String, Network> n = new java.util.HashMap<>();
    networks.forEach(x -> n.put(x.getId(), x));
    Map<String, Attachment> a = new java.util.HashMap<>();
    attachments.forEach(x -> a.put(x.getId(), x));
    return new StoreState(version, Cluster.getDefaultInstance(), Map.of(), Set.of(), n, a);
  }

  @Test
  void aNodeHoldsOnlyTheNetworksItHasEndpointsOn() {
    StoreState s = state(5, List.of(A, B), List.of(attachment("e1", "net-a", "n1"), attachment("e2", "net-b", "n2")));
    Assignments full = NodeAssignments.of(s, "n1").full(4789);
    assertTrue(full.getFull());
    assertEquals(5, full.getVersion());
    assertEquals(List.of(A), full.getNetworksList());
    assertEquals(List.of("e1"), full.getAttachmentsList().stream().map(Attachment::getId).toList());
  }

  @Test
  void deltasChainByVersionAndCarryOnlyWhatChanged() {
    NodeAssignments v5 = NodeAssignments.of(state(5, List.of(A, B), List.of(attachment("e1", "net-a", "n1"))), "n1");
    NodeAssignments v6 = NodeAssignments.of(state(6, List.of(A, B),
        List.of(attachment("e1", "net-a", "n1"), attachment("e3", "net-b", "n1"))), "n1");
    Assignments delta = v6.deltaFrom(v5, 4789).orElseThrow();
    assertEquals(5, delta.getBaseVersion());
    assertEquals(6, delta.getVersion());
    assertEquals(List.of(B), delta.getNetworksList());
    assertEquals(List.of("e3"), delta.getAttachmentsList().stream().map(Attachment::getId).toList());

    NodeAssignments v7 = NodeAssignments.of(state(7, List.of(A, B), List.of(attachment("e3", "net-b", "n1"))), "n1");
    Assignments removal = v7.deltaFrom(v6, 4789).orElseThrow();
    assertEquals(List.of("net-a"), removal.getRemovedNetworkIdsList());
    assertEquals(List.of("e1"), removal.getRemovedAttachmentIdsList());
  }

  @Test
  void aChangeElsewhereInTheStoreSendsNothing() {
    NodeAssignments v5 = NodeAssignments.of(state(5, List.of(A), List.of(attachment("e1", "net-a", "n1"))), "n1");
    NodeAssignments v6 = NodeAssignments.of(state(6, List.of(A, B),
        List.of(attachment("e1", "net-a", "n1"), attachment("e9", "net-b", "n2"))), "n1");
    assertTrue(v6.deltaFrom(v5, 4789).isEmpty());
  }

  @Test
  void aNodeGetsItsTasksTheirServicesAndNetworksAndTheirRemoval() {
    dev.weft.proto.Service web = dev.weft.proto.Service.newBuilder().setId("s1")
        .setSpec(dev.weft.proto.ServiceSpec.newBuilder().setName("web")).build();
    dev.weft.proto.Task mine = dev.weft.proto.Task.newBuilder().setId("t1").setServiceId("s1").setNodeId("n1")
        .addAttachments(dev.weft.proto.TaskAttachment.newBuilder().setNetworkId("net-b").setAddress("198.18.129.3/24"))
        .build();
    dev.weft.proto.Task theirs = mine.toBuilder().setId("t2").setNodeId("n2").build();
    StoreState with = new StoreState(7, Cluster.getDefaultInstance(), Map.of(), Set.of(), Map.of("net-a", A, "net-b", B),
        Map.of(), Map.of("s1", web), Map.of("t1", mine, "t2", theirs));
    NodeAssignments v7 = NodeAssignments.of(with, "n1");
    Assignments full = v7.full(4789);
    assertEquals(List.of(mine), full.getTasksList());
    assertEquals(List.of(web), full.getServicesList());
    assertEquals(List.of(B), full.getNetworksList(), "the network of its task, not the other one");

    StoreState without = new StoreState(8, Cluster.getDefaultInstance(), Map.of(), Set.of(),
        Map.of("net-a", A, "net-b", B), Map.of(), Map.of("s1", web), Map.of("t2", theirs));
    Assignments delta = NodeAssignments.of(without, "n1").deltaFrom(v7, 4789).orElseThrow();
    assertEquals(List.of("t1"), delta.getRemovedTaskIdsList());
    assertEquals(List.of("s1"), delta.getRemovedServiceIdsList());
    assertEquals(List.of("net-b"), delta.getRemovedNetworkIdsList());
  }

  @Test
  void aNodeLearnsWhereEveryTaskOnItsNetworksIsPlacedAndWhenOneGoes() {
    dev.weft.proto.Service web = dev.weft.proto.Service.newBuilder().setId("s1")
        .setSpec(dev.weft.proto.ServiceSpec.newBuilder().setName("web")).build();
    dev.weft.proto.Task mine = dev.weft.proto.Task.newBuilder().setId("t1").setServiceId("s1").setNodeId("n1")
        .addAttachments(dev.weft.proto.TaskAttachment.newBuilder().setNetworkId("net-b").setAddress("198.18.129.3/24"))
        .build();
    dev.weft.proto.Task elsewhere = mine.toBuilder().setId("t2").setNodeId("n2").setAttachments(0,
        dev.weft.proto.TaskAttachment.newBuilder().setNetworkId("net-b").setAddress("198.18.129.4/24")).build();
    dev.weft.proto.Task unplaced = mine.toBuilder().setId("t3").setNodeId("").build();
    dev.weft.proto.Task otherNetwork = mine.toBuilder().setId("t4").setNodeId("n2").setAttachments(0,
        dev.weft.proto.TaskAttachment.newBuilder().setNetworkId("net-a").setAddress("198.18.128.4/24")).build();
    StoreState with = new StoreState(7, Cluster.getDefaultInstance(), Map.of(), Set.of(), Map.of("net-a", A, "net-b", B),
        Map.of(), Map.of("s1", web), Map.of("t1", mine, "t2", elsewhere, "t3", unplaced, "t4", otherNetwork));
    NodeAssignments v7 = NodeAssignments.of(with, "n1");
    assertEquals(List.of("t1", "t2"), v7.full(4789).getPlacementsList().stream()
        .map(dev.weft.proto.TaskPlacement::getTaskId).toList(), "placed tasks on net-b, its own and another node's");
    assertEquals("n2", v7.placements().get("t2").getNodeId());
    assertEquals(elsewhere.getAttachmentsList(), v7.placements().get("t2").getAttachmentsList());

    StoreState replaced = new StoreState(8, Cluster.getDefaultInstance(), Map.of(), Set.of(),
        Map.of("net-a", A, "net-b", B), Map.of(), Map.of("s1", web), Map.of("t1", mine, "t3", unplaced, "t4", otherNetwork));
    Assignments delta = NodeAssignments.of(replaced, "n1").deltaFrom(v7, 4789).orElseThrow();
    assertEquals(List.of("t2"), delta.getRemovedPlacementIdsList(), "the task the managers removed");
    assertEquals(List.of(), delta.getRemovedTaskIdsList());
  }
}
