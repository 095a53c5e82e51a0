package dev.weft.manager.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Node;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeState;
import dev.weft.proto.StoreSnapshot;
import dev.weft.proto.UpdateNodeSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreStateTest {
  private static final long T0 = 1_700_000_000_000L;

  /** A state with a cluster, several nodes in different shapes, and removed ids. */
  private static StoreState populated() {
    ClusterStore store = new ClusterStore();
    for (var action : List.of(
        Actions.createCluster(T0),
        Actions.addWorker(T0 + 1, "w2"),
        Actions.addWorker(T0 + 2, "w1"),
        Actions.addWorker(T0 + 3, "w3"),
        Actions.addWorker(T0 + 4, "gone-1"),
        Actions.addWorker(T0 + 4, "gone-2"),
        Actions.status(T0 + 5, "w1", NodeState.NODE_STATE_READY, "ok"),
        Actions.updateSpec(T0 + 6, UpdateNodeSpec.newBuilder().setNodeId("w2").putLabelsAdd("zone", "b")),
        Actions.desiredRole(T0 + 7, "w3", NodeRole.NODE_ROLE_MANAGER),
        Actions.setRole(T0 + 8, "w3", NodeRole.NODE_ROLE_MANAGER),
        Actions.remove(T0 + 9, "gone-2", false),
        Actions.remove(T0 + 9, "gone-1", false))) {
      assertTrue(store.apply(action).getOk(), action.toString());
    }
    return store.state();
  }

  @Test
  void snapshotRoundTripGivesAnEqualState() throws Exception {
    StoreState state = populated();
    StoreSnapshot snapshot = state.toSnapshot();
    assertEquals(StoreState.SNAPSHOT_FORMAT, snapshot.getFormatVersion());

    StoreState restored = StoreState.fromSnapshot(StoreSnapshot.parseFrom(snapshot.toByteArray()));
    assertEquals(state, restored);
    assertEquals(state.version(), restored.version());
    assertEquals(Set.of("gone-1", "gone-2"), restored.removedNodeIds());
  }

  @Test
  void emptyStateRoundTripsWithoutACluster() {
    StoreState restored = StoreState.fromSnapshot(StoreState.EMPTY.toSnapshot());
    assertEquals(StoreState.EMPTY, restored);
    assertNull(restored.cluster());
  }

  @Test
  void snapshotBytesDoNotDependOnInsertionOrder() {
    StoreState state = populated();
    Map<String, Node> reversed = new LinkedHashMap<>();
    List<String> ids = new java.util.ArrayList<>(state.nodes().keySet());
    ids.sort(java.util.Comparator.reverseOrder());
    ids.forEach(id -> reversed.put(id, state.nodes().get(id)));
    Set<String> removed = new LinkedHashSet<>(List.of("gone-2", "gone-1"));
    StoreState same = new StoreState(state.version(), state.cluster(), reversed, removed);

    assertArrayEquals(state.toSnapshot().toByteArray(), same.toSnapshot().toByteArray());
    assertEquals(List.of("node-a", "w1", "w2", "w3"),
        state.toSnapshot().getNodesList().stream().map(Node::getId).toList());
    assertEquals(List.of("gone-1", "gone-2"), state.toSnapshot().getRemovedNodeIdsList());
  }

  @Test
  void unknownSnapshotFormatFailsLoudly() {
    for (int format : new int[] {0, 2, 99}) {
      StoreSnapshot snapshot = populated().toSnapshot().toBuilder().setFormatVersion(format).build();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreState.fromSnapshot(snapshot));
      assertTrue(e.getMessage().contains("snapshot format " + format), e.getMessage());
    }
  }

  @Test
  void stateCollectionsCannotBeChangedFromOutside() {
    Map<String, Node> nodes = new LinkedHashMap<>();
    nodes.put("n1", Actions.node("n1", NodeRole.NODE_ROLE_WORKER));
    StoreState state = new StoreState(1, null, nodes, Set.of());
    nodes.clear();
    assertEquals(Set.of("n1"), state.nodes().keySet(), "the state copies what it is given");
    assertThrows(UnsupportedOperationException.class, () -> state.nodes().clear());
  }
}
