package dev.weft.manager.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.manager.raft.NoQuorumException;
import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.Cluster;
import dev.weft.proto.CreateCluster;
import dev.weft.proto.Node;
import dev.weft.proto.NodeRole;
import dev.weft.proto.StoreAction;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class ReadsTest {
  private final ClusterStore store = new ClusterStore();
  private int barriers;
  /** Stands for Ratis applying the entries this manager was behind on: here, the swarm's creation. */
  private final Reads reads = new Reads(() -> {
    barriers++;
    if (store.state().cluster() == null) {
      store.apply(StoreAction.newBuilder().setCreateCluster(CreateCluster.newBuilder()
          .setCluster(Cluster.newBuilder().setId("cluster-1"))
          .setFirstNode(Node.newBuilder().setId("node-a").setRole(NodeRole.NODE_ROLE_MANAGER))).build());
    }
  }, store);

  @Test
  void theStoreIsReadAfterTheBarrierBroughtItUpToDate() {
    assertEquals("cluster-1", reads.current().cluster().getId());
  }

  @Test
  void aWriteLooksUpLocallyAndPassesTheBarrierOnlyWhenTheLocalStoreDoesNotKnowTheObject() {
    assertEquals("node-a", reads.find(s -> node(s, "node-a")).getId());
    assertEquals(1, barriers, "not known here yet: the barrier brought it in");

    assertEquals("node-a", reads.find(s -> node(s, "node-a")).getId());
    assertEquals(1, barriers, "known here: no barrier");

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> reads.find(s -> node(s, "node-z")));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals(2, barriers, "not found is only said after the barrier");
  }

  private static Node node(dev.weft.manager.store.StoreState state, String id) {
    return state.node(id).orElseThrow(() -> Status.NOT_FOUND.withDescription(id).asRuntimeException());
  }

  @Test
  void withoutALeaderTheCallerIsToldSoRatherThanGivenTheOldState() {
    Reads reads = new Reads(() -> {
      throw new NoQuorumException("this manager cannot reach a Raft leader", null);
    }, store);

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, reads::current);

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertEquals("this manager cannot reach a Raft leader", e.getStatus().getDescription());
    assertNull(store.state().cluster());
  }
}
