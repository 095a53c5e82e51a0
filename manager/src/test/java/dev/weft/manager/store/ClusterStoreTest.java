package dev.weft.manager.store;

import static dev.weft.manager.store.Actions.FIRST;
import static dev.weft.manager.store.Actions.MANAGER_TOKEN;
import static dev.weft.manager.store.Actions.WORKER_TOKEN;
import static dev.weft.manager.store.Actions.addNode;
import static dev.weft.manager.store.Actions.addWorker;
import static dev.weft.manager.store.Actions.createCluster;
import static dev.weft.manager.store.Actions.desiredRole;
import static dev.weft.manager.store.Actions.remove;
import static dev.weft.manager.store.Actions.rotate;
import static dev.weft.manager.store.Actions.setRole;
import static dev.weft.manager.store.Actions.status;
import static dev.weft.manager.store.Actions.updateSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeState;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import dev.weft.proto.UpdateNodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterStoreTest {
  private static final long T0 = 1_700_000_000_000L;

  private ClusterStore store;
  private List<StoreState> published;

  @BeforeEach
  void setUp() {
    store = new ClusterStore();
    published = new ArrayList<>();
    store.watch(published::add);
  }

  private StoreResult applyOk(StoreAction action) {
    long before = store.state().version();
    StoreResult result = store.apply(action);
    assertTrue(result.getOk(), () -> "expected success, got: " + result.getError());
    assertEquals(before + 1, store.state().version(), "a change adds exactly one to the version");
    assertEquals(store.state().version(), result.getStoreVersion());
    return result;
  }

  /** Applies an action that must be refused and checks that nothing moved. */
  private String applyRejected(StoreAction action) {
    StoreState before = store.state();
    int watched = published.size();
    StoreResult result = store.apply(action);
    assertFalse(result.getOk(), "expected a refusal of " + action);
    assertFalse(result.getError().isBlank());
    assertSame(before, store.state(), "a refused action changes nothing");
    assertEquals(before.version(), result.getStoreVersion());
    assertEquals(watched, published.size(), "watchers hear nothing of a refusal");
    return result.getError();
  }

  private Node node(String id) {
    return store.state().node(id).orElseThrow();
  }

  @Test
  void createClusterStoresClusterAndFirstNode() {
    StoreResult result = applyOk(createCluster(T0));
    StoreState state = store.state();
    assertEquals(1, state.version());
    assertEquals(Actions.CLUSTER_ID, state.cluster().getId());
    assertEquals(1, state.cluster().getMeta().getVersion());
    assertEquals(T0, state.cluster().getMeta().getCreatedUnixMs());
    assertEquals(List.of(FIRST), List.copyOf(state.nodes().keySet()));
    assertEquals(node(FIRST), result.getNode());
    assertEquals(1, node(FIRST).getMeta().getVersion());
    assertEquals(1, state.managerCount());
  }

  @Test
  void createClusterTwiceIsRejected() {
    applyOk(createCluster(T0));
    String error = applyRejected(createCluster(T0 + 1));
    assertTrue(error.contains("already part of a swarm"), error);
  }

  @Test
  void nothingButCreateClusterWorksBeforeTheSwarmExists() {
    assertTrue(applyRejected(addWorker(T0, "w1")).contains("not part of a swarm"));
    assertTrue(applyRejected(rotate(T0, NodeRole.NODE_ROLE_WORKER, "x")).contains("not part of a swarm"));
    assertEquals(0, store.state().version());
  }

  @Test
  void emptyActionIsRejected() {
    applyOk(createCluster(T0));
    assertEquals("empty store action", applyRejected(StoreAction.newBuilder().setAtUnixMs(T0).build()));
  }

  @Test
  void addNodeNeedsTheCurrentTokenForItsRole() {
    applyOk(createCluster(T0));
    Node added = applyOk(addWorker(T0 + 1, "w1")).getNode();
    assertEquals("w1", added.getId());
    assertEquals(T0 + 1, added.getMeta().getCreatedUnixMs());
    applyOk(addNode(T0 + 2, "m2", NodeRole.NODE_ROLE_MANAGER, MANAGER_TOKEN));

    String error = applyRejected(addNode(T0 + 3, "m3", NodeRole.NODE_ROLE_MANAGER, WORKER_TOKEN));
    assertTrue(error.contains("join token is not valid"), error);
    applyRejected(addNode(T0 + 3, "w3", NodeRole.NODE_ROLE_WORKER, MANAGER_TOKEN));
    applyRejected(addNode(T0 + 3, "w3", NodeRole.NODE_ROLE_WORKER, ""));
    assertFalse(store.state().nodes().containsKey("m3"));
    assertFalse(store.state().nodes().containsKey("w3"));
  }

  @Test
  void aRotatedTokenNoLongerAddsNodes() {
    applyOk(createCluster(T0));
    applyOk(rotate(T0 + 1, NodeRole.NODE_ROLE_WORKER, "SWMTKN-1-digest-worker1"));
    assertEquals("SWMTKN-1-digest-worker1", store.state().cluster().getJoinTokens().getWorker());
    assertEquals(MANAGER_TOKEN, store.state().cluster().getJoinTokens().getManager(),
        "rotating the worker token leaves the manager token alone");
    assertEquals(2, store.state().cluster().getMeta().getVersion());

    String error = applyRejected(addWorker(T0 + 2, "w1"));
    assertTrue(error.contains("rotated"), error);
    assertTrue(store.state().node("w1").isEmpty());

    applyOk(addNode(T0 + 3, "w1", NodeRole.NODE_ROLE_WORKER, "SWMTKN-1-digest-worker1"));
  }

  @Test
  void aTakenOrRemovedIdIsRefused() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    assertEquals("node id w1 is already taken", applyRejected(addWorker(T0 + 1, "w1")));
    assertEquals("node id " + FIRST + " is already taken", applyRejected(addWorker(T0 + 1, FIRST)));

    applyOk(remove(T0 + 2, "w1", false));
    assertEquals("node id w1 is already taken", applyRejected(addWorker(T0 + 3, "w1")),
        "a removed node's id is never reused, so its old certificate stays refused");
  }

  @Test
  void labelsAreAddedAndRemoved() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(updateSpec(T0 + 1, UpdateNodeSpec.newBuilder().setNodeId("w1")
        .putLabelsAdd("zone", "a").putLabelsAdd("disk", "ssd")));
    assertEquals(Map.of("zone", "a", "disk", "ssd"), node("w1").getSpec().getLabelsMap());

    Node updated = applyOk(updateSpec(T0 + 2, UpdateNodeSpec.newBuilder().setNodeId("w1")
        .addLabelsRemove("zone").putLabelsAdd("disk", "hdd").putLabelsAdd("gpu", "1"))).getNode();
    assertEquals(Map.of("disk", "hdd", "gpu", "1"), updated.getSpec().getLabelsMap());
    assertEquals(updated, node("w1"));
    assertEquals(3, updated.getMeta().getVersion());
    assertEquals(T0, updated.getMeta().getCreatedUnixMs());
    assertEquals(T0 + 2, updated.getMeta().getUpdatedUnixMs());
  }

  @Test
  void availabilityIsSetOnlyWhenAsked() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(updateSpec(T0 + 1, UpdateNodeSpec.newBuilder().setNodeId("w1")
        .setSetAvailability(true).setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN)));
    assertEquals(NodeAvailability.NODE_AVAILABILITY_DRAIN, node("w1").getSpec().getAvailability());

    // availability = ACTIVE (0) without set_availability must not undo the drain.
    applyOk(updateSpec(T0 + 2, UpdateNodeSpec.newBuilder().setNodeId("w1").putLabelsAdd("k", "v")));
    assertEquals(NodeAvailability.NODE_AVAILABILITY_DRAIN, node("w1").getSpec().getAvailability());
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheVersionAndWakesNoWatcher() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    StoreState before = store.state();
    int watched = published.size();

    for (StoreAction noOp : List.of(
        updateSpec(T0 + 5, UpdateNodeSpec.newBuilder().setNodeId("w1").addLabelsRemove("absent")),
        updateSpec(T0 + 5, UpdateNodeSpec.newBuilder().setNodeId("w1")
            .setSetAvailability(true).setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE)),
        desiredRole(T0 + 5, "w1", NodeRole.NODE_ROLE_WORKER),
        status(T0 + 5, "w1", NodeState.NODE_STATE_UNKNOWN, ""))) {
      StoreResult result = store.apply(noOp);
      assertTrue(result.getOk(), result.getError());
      assertEquals(before.version(), result.getStoreVersion());
      assertEquals(node("w1"), result.getNode(), "a no-op still answers with the node");
    }
    assertSame(before, store.state());
    assertEquals(watched, published.size());
  }

  @Test
  void demotingTheLastManagerIsRefused() {
    applyOk(createCluster(T0));
    String error = applyRejected(desiredRole(T0 + 1, FIRST, NodeRole.NODE_ROLE_WORKER));
    assertTrue(error.contains("demote the last manager"), error);
    assertEquals(NodeRole.NODE_ROLE_MANAGER, node(FIRST).getSpec().getDesiredRole());
  }

  @Test
  void demotingIsAllowedWhileAnotherNodeIsToBeManager() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(desiredRole(T0 + 1, "w1", NodeRole.NODE_ROLE_MANAGER));
    applyOk(setRole(T0 + 2, "w1", NodeRole.NODE_ROLE_MANAGER));

    applyOk(desiredRole(T0 + 3, FIRST, NodeRole.NODE_ROLE_WORKER));
    assertEquals(NodeRole.NODE_ROLE_WORKER, node(FIRST).getSpec().getDesiredRole());

    String error = applyRejected(desiredRole(T0 + 4, "w1", NodeRole.NODE_ROLE_WORKER));
    assertTrue(error.contains("demote the last manager"), error);
  }

  @Test
  void setRoleRecordsAndClearsManagerStatus() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(desiredRole(T0 + 1, "w1", NodeRole.NODE_ROLE_MANAGER));
    Node promoted = applyOk(setRole(T0 + 2, "w1", NodeRole.NODE_ROLE_MANAGER)).getNode();
    assertEquals(NodeRole.NODE_ROLE_MANAGER, promoted.getRole());
    assertEquals("w1", promoted.getManagerStatus().getRaftId());
    assertEquals(2, store.state().managerCount());

    applyOk(desiredRole(T0 + 3, "w1", NodeRole.NODE_ROLE_WORKER));
    Node demoted = applyOk(setRole(T0 + 4, "w1", NodeRole.NODE_ROLE_WORKER)).getNode();
    assertEquals(NodeRole.NODE_ROLE_WORKER, demoted.getRole());
    assertFalse(demoted.hasManagerStatus());
    assertEquals(1, store.state().managerCount());
  }

  @Test
  void statusChangeTimeMovesOnlyWhenTheStateChanges() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(status(T0 + 10, "w1", NodeState.NODE_STATE_READY, ""));
    assertEquals(T0 + 10, node("w1").getStatus().getChangedUnixMs());
    assertEquals("198.18.0.9", node("w1").getStatus().getAddr(), "a status update keeps the address");

    applyOk(status(T0 + 20, "w1", NodeState.NODE_STATE_READY, "busy"));
    assertEquals("busy", node("w1").getStatus().getMessage());
    assertEquals(T0 + 10, node("w1").getStatus().getChangedUnixMs());

    applyOk(status(T0 + 30, "w1", NodeState.NODE_STATE_DOWN, "heartbeat failure"));
    assertEquals(T0 + 30, node("w1").getStatus().getChangedUnixMs());
  }

  @Test
  void aReadyWorkerIsRemovedOnlyWithForce() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(status(T0 + 1, "w1", NodeState.NODE_STATE_READY, ""));

    String error = applyRejected(remove(T0 + 2, "w1", false));
    assertTrue(error.contains("is not down") && error.contains("--force"), error);
    assertTrue(error.contains("host-w1"), "the error names the node by hostname: " + error);

    applyOk(remove(T0 + 3, "w1", true));
    assertTrue(store.state().node("w1").isEmpty());
    assertTrue(store.state().removedNodeIds().contains("w1"));
  }

  @Test
  void aDownWorkerIsRemovedWithoutForce() {
    applyOk(createCluster(T0));
    applyOk(addWorker(T0, "w1"));
    applyOk(status(T0 + 1, "w1", NodeState.NODE_STATE_DOWN, ""));
    applyOk(remove(T0 + 2, "w1", false));
    assertEquals(java.util.Set.of("w1"), store.state().removedNodeIds());
  }

  @Test
  void managersAndNodesBeingPromotedAreNeverRemoved() {
    applyOk(createCluster(T0));
    String error = applyRejected(remove(T0 + 1, FIRST, true));
    assertTrue(error.contains("is a cluster manager") && error.contains("weft node demote"), error);

    applyOk(addWorker(T0, "w1"));
    applyOk(desiredRole(T0 + 1, "w1", NodeRole.NODE_ROLE_MANAGER));
    applyRejected(remove(T0 + 2, "w1", true));
  }

  @Test
  void unknownNodesAreNamedInTheError() {
    applyOk(createCluster(T0));
    for (StoreAction action : List.of(
        desiredRole(T0, "ghost", NodeRole.NODE_ROLE_MANAGER),
        status(T0, "ghost", NodeState.NODE_STATE_READY, ""),
        setRole(T0, "ghost", NodeRole.NODE_ROLE_MANAGER),
        remove(T0, "ghost", true))) {
      assertEquals("node ghost not found", applyRejected(action));
    }
  }

  @Test
  void versionCountsSuccessfulChangesOnly() {
    List<StoreAction> script = List.of(
        createCluster(T0),                                      // 1
        createCluster(T0),                                      // refused
        addWorker(T0, "w1"),                                    // 2
        addWorker(T0, "w1"),                                    // refused
        status(T0, "w1", NodeState.NODE_STATE_READY, ""),       // 3
        status(T0, "w1", NodeState.NODE_STATE_READY, ""),       // no-op
        rotate(T0, NodeRole.NODE_ROLE_MANAGER, "m-1"),          // 4
        remove(T0, "w1", false),                                // refused
        remove(T0, "w1", true));                                // 5
    long[] expected = {1, 1, 2, 2, 3, 3, 4, 4, 5};
    for (int i = 0; i < script.size(); i++) {
      StoreResult result = store.apply(script.get(i));
      assertEquals(expected[i], store.state().version(), "after step " + i);
      assertEquals(expected[i], result.getStoreVersion(), "result of step " + i);
    }
    assertEquals(5, published.size(), "one watcher call per change");
    for (int i = 0; i < published.size(); i++) {
      assertEquals(i + 1, published.get(i).version());
    }
    assertSame(store.state(), published.getLast());
  }

  @Test
  void restoreReplacesTheStateAndTellsWatchers() {
    applyOk(createCluster(T0));
    StoreState saved = store.state();
    applyOk(addWorker(T0, "w1"));
    store.restore(saved);
    assertSame(saved, store.state());
    assertSame(saved, published.getLast());
    assertNotNull(store.state().cluster());
  }

  @Test
  void aReaderWaitsForTheVersionOfItsWriteAndNoLonger() throws Exception {
    assertFalse(store.awaitVersion(1, java.time.Duration.ofMillis(50)), "nothing applied yet: the wait runs out");
    var waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return store.awaitVersion(1, java.time.Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    StoreResult result = applyOk(createCluster(T0));
    assertTrue(waiter.get(10, java.util.concurrent.TimeUnit.SECONDS), "woken by the apply");
    assertTrue(store.awaitVersion(result.getStoreVersion(), java.time.Duration.ZERO), "already there: no wait");
  }
}
