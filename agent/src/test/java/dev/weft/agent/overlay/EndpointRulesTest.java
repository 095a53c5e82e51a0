package dev.weft.agent.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointRulesTest {
  private static EndpointRecord record(String id, String owner, long incarnation, int lastOctet) {
    return new EndpointRecord(id, "net", "198.18.129." + lastOctet, String.format("02:42:c6:12:81:%02x", lastOctet),
        "198.18.0.3", "web." + id, List.of("tasks.web"), owner, new Version(incarnation, 1), false);
  }

  @Test
  void aRestartedOwnersEarlierRecordsAreDroppedOnceItsNewLifeHasAnnounced() {
    EndpointRecord killed = record("old", "h2", 1, 5);       // its task died with the node
    EndpointRecord survived = record("kept", "h2", 2, 6);    // announced again by the restarted daemon
    EndpointRecord other = record("x", "h3", 1, 7);          // another node, never restarted
    assertEquals(List.of(survived, other), EndpointRules.currentLives(List.of(killed, survived, other)));
  }

  @Test
  void anOwnerWhoseNewLifeHasNotAnnouncedYetKeepsItsRecords() {
    EndpointRecord before = record("old", "h2", 1, 5);
    assertEquals(List.of(before), EndpointRules.currentLives(List.of(before)));
  }

  @Test
  void taskEndpointsCountOnlyWhereTheManagersPlacedThem() {
    var placements = List.of(dev.weft.proto.TaskPlacement.newBuilder().setTaskId("t1").setNodeId("h2")
        .addAttachments(dev.weft.proto.TaskAttachment.newBuilder().setNetworkId("net").setAddress("198.18.129.5/24"))
        .build());
    var placed = EndpointRules.placementKeys(placements);
    assertTrue(EndpointRules.placedIfTask(record("a", "h2", 1, 5), placed));
    assertFalse(EndpointRules.placedIfTask(record("b", "h3", 1, 5), placed),
        "the same address announced by a node that was cut off: its task was replaced");
    assertFalse(EndpointRules.placedIfTask(record("c", "h2", 1, 6), placed), "a task the managers removed");
    EndpointRecord container = new EndpointRecord("d", "net", "198.18.129.9", "02:42:c6:12:81:09", "198.18.0.3",
        "alpine1", List.of(), "h3", new Version(1, 1), false);
    assertTrue(EndpointRules.placedIfTask(container, placed), "standalone containers are not the managers' to place");
  }

  @Test
  void aRemoteEndpointIsBalancedToOnlyOnceTheSandboxForwardsToIt() {
    EndpointRecord r = record("a", "h2", 1, 5);
    var programmed = new dev.weft.vxlan.plan.ObservedSandbox(true, false, java.util.Optional.empty(),
        java.util.Map.of(r.mac(), "198.18.0.3"), java.util.Map.of(r.ip(), r.mac()));
    assertTrue(EndpointRules.forwardable(r, programmed));
    assertFalse(EndpointRules.forwardable(r, null), "no sandbox programmed yet");
    var noFdb = new dev.weft.vxlan.plan.ObservedSandbox(true, false, java.util.Optional.empty(),
        java.util.Map.of(), java.util.Map.of(r.ip(), r.mac()));
    assertFalse(EndpointRules.forwardable(r, noFdb), "the record arrived after the last programming");
    var elsewhere = new dev.weft.vxlan.plan.ObservedSandbox(true, false, java.util.Optional.empty(),
        java.util.Map.of(r.mac(), "198.18.0.4"), java.util.Map.of(r.ip(), r.mac()));
    assertFalse(EndpointRules.forwardable(r, elsewhere), "the address was on another host until now");
  }
}
