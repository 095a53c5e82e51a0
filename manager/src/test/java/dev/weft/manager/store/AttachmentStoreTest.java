package dev.weft.manager.store;

import static dev.weft.manager.store.Actions.addWorker;
import static dev.weft.manager.store.Actions.at;
import static dev.weft.manager.store.Actions.createCluster;
import static dev.weft.manager.store.Actions.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Attachment;
import dev.weft.proto.CreateAttachment;
import dev.weft.proto.CreateNetwork;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.RemoveAttachment;
import dev.weft.proto.RemoveNetwork;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachmentStoreTest {
  private final ClusterStore store = new ClusterStore();

  @BeforeEach
  void swarmWithANetwork() {
    assertTrue(store.apply(createCluster(1)).getOk());
    assertTrue(store.apply(addWorker(2, "node-b")).getOk());
    assertTrue(store.apply(network("net-1", "test-net", true)).getOk());
    assertTrue(store.apply(network("net-2", "services-only", false)).getOk());
  }

  private static StoreAction network(String id, String name, boolean attachable) {
    return at(3, StoreAction.newBuilder().setCreateNetwork(CreateNetwork.newBuilder().setNetwork(Network.newBuilder()
        .setId(id).setVni(id.equals("net-1") ? 4096 : 4097)
        .setSpec(NetworkSpec.newBuilder().setName(name).setDriver("overlay").setAttachable(attachable))
        .addAllocated(IpamConfig.newBuilder().setSubnet(id.equals("net-1") ? "198.18.128.0/24" : "198.18.129.0/24")
            .setGateway(id.equals("net-1") ? "198.18.128.1" : "198.18.129.1")))));
  }

  private static StoreAction attach(String id, String network, String node, String address) {
    return at(4, StoreAction.newBuilder().setCreateAttachment(CreateAttachment.newBuilder().setAttachment(
        Attachment.newBuilder().setId(id).setNetworkId(network).setNodeId(node).setAddress(address)
            .setContainerName("c-" + id))));
  }

  @Test
  void anAddressIsHeldByOneEndpointOnlyAndTheRetryOfTheSameRequestIsAnswered() {
    StoreResult first = store.apply(attach("ep-1", "net-1", "node-b", "198.18.128.2/24"));
    assertTrue(first.getOk(), first.getError());
    long version = store.state().version();

    StoreResult again = store.apply(attach("ep-1", "net-1", "node-b", "198.18.128.2/24"));
    assertTrue(again.getOk());
    assertEquals("198.18.128.2/24", again.getAttachment().getAddress());
    assertEquals(version, store.state().version(), "a retry changes nothing");

    StoreResult clash = store.apply(attach("ep-2", "net-1", "node-a", "198.18.128.2/24"));
    assertFalse(clash.getOk());
    assertTrue(clash.getError().startsWith("Address already in use: 198.18.128.2"), clash.getError());
    assertEquals("198.18.128.2", store.state().networks().get("net-1").getLastAllocated());
  }

  @Test
  void onlyAttachableNetworksTakeStandaloneEndpoints() {
    StoreResult refused = store.apply(attach("ep-1", "net-2", "node-b", "198.18.129.2/24"));
    assertFalse(refused.getOk());
    assertTrue(refused.getError().contains("not manually attachable"), refused.getError());
    assertTrue(store.state().attachments().isEmpty());
  }

  @Test
  void aNetworkInUseIsNotRemovedAndItsUsersAreNamed() {
    store.apply(attach("ep-1", "net-1", "node-b", "198.18.128.2/24"));
    StoreResult refused = store.apply(at(5, StoreAction.newBuilder().setRemoveNetwork(
        RemoveNetwork.newBuilder().setNetworkId("net-1"))));
    assertFalse(refused.getOk());
    assertTrue(refused.getError().contains("in use by 1 endpoint(s) (c-ep-1 on node node-b)"), refused.getError());
    assertTrue(store.state().networks().containsKey("net-1"));

    StoreResult foreign = store.apply(at(6, StoreAction.newBuilder().setRemoveAttachment(
        RemoveAttachment.newBuilder().setAttachmentId("ep-1").setNodeId("node-a"))));
    assertFalse(foreign.getOk(), "only the owner frees an address");
    assertTrue(store.apply(at(6, StoreAction.newBuilder().setRemoveAttachment(
        RemoveAttachment.newBuilder().setAttachmentId("ep-1").setNodeId("node-b")))).getOk());
    assertTrue(store.apply(at(7, StoreAction.newBuilder().setRemoveNetwork(
        RemoveNetwork.newBuilder().setNetworkId("net-1")))).getOk());
  }

  @Test
  void removingANodeFreesItsAddressesAndSnapshotsKeepThem() {
    store.apply(attach("ep-1", "net-1", "node-b", "198.18.128.2/24"));
    store.apply(attach("ep-2", "net-1", "node-a", "198.18.128.3/24"));
    StoreState restored = StoreState.fromSnapshot(store.state().toSnapshot());
    assertEquals(store.state().attachments(), restored.attachments());

    assertTrue(store.apply(remove(8, "node-b", true)).getOk());
    assertEquals(java.util.Set.of("ep-2"), store.state().attachments().keySet());
  }
}
