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

  @Test
  void theStoreIsReadAfterTheBarrierBroughtItUpToDate() {
    // The fake barrier stands for Ratis applying the entries this manager was behind on.
    Reads reads = new Reads(() -> store.apply(StoreAction.newBuilder().setCreateCluster(CreateCluster.newBuilder()
        .setCluster(Cluster.newBuilder().setId("cluster-1"))
        .setFirstNode(Node.newBuilder().setId("node-a").setRole(NodeRole.NODE_ROLE_MANAGER))).build()), store);

    assertEquals("cluster-1", reads.current().cluster().getId());
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
