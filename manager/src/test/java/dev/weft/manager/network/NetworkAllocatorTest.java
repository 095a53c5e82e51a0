package dev.weft.manager.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.AddressPoolSpec;
import dev.weft.proto.Cluster;
import dev.weft.proto.CreateCluster;
import dev.weft.proto.CreateNetwork;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.Node;
import dev.weft.proto.RemoveNetwork;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkAllocatorTest {
  static final AddressPoolSpec POOL = AddressPoolSpec.newBuilder().addSubnets("198.18.128.0/22").setMaskLength(24).build();

  static NetworkSpec overlay(String name, String... subnets) {
    NetworkSpec.Builder b = NetworkSpec.newBuilder().setName(name).setDriver("overlay");
    for (String s : subnets) {
      b.addIpam(IpamConfig.newBuilder().setSubnet(s));
    }
    return b.build();
  }

  static StoreState with(Network... networks) {
    Map<String, Network> byId = new java.util.HashMap<>();
    for (Network n : networks) {
      byId.put(n.getId(), n);
    }
    return new StoreState(1, Cluster.getDefaultInstance(), Map.of(), Set.of(), byId, Map.of());
  }

  @Test
  void poolSubnetsAndVnisAreHandedOutInOrderAndNeverTwice() {
    Network a = NetworkAllocator.allocate("a", overlay("a"), with(), POOL);
    Network b = NetworkAllocator.allocate("b", overlay("b"), with(a), POOL);
    assertEquals("198.18.128.0/24", a.getAllocated(0).getSubnet());
    assertEquals("198.18.129.0/24", b.getAllocated(0).getSubnet());
    assertEquals(4096, a.getVni());
    assertEquals(4097, b.getVni());
    // a removed network's VNI and subnet are free again
    Network c = NetworkAllocator.allocate("c", overlay("c"), with(b), POOL);
    assertEquals(4096, c.getVni());
    assertEquals("198.18.128.0/24", c.getAllocated(0).getSubnet());
  }

  @Test
  void refusalsNameTheProblem() {
    Network a = NetworkAllocator.allocate("a", overlay("a", "198.18.140.0/24"), with(), POOL);
    assertMessage("already exists", () -> NetworkAllocator.allocate("x", overlay("a"), with(a), POOL));
    assertMessage("overlaps", () -> NetworkAllocator.allocate("x", overlay("x", "198.18.140.128/25"), with(a), POOL));
    assertMessage("/29 or shorter", () -> NetworkAllocator.allocate("x", overlay("x", "198.18.150.0/30"), with(a), POOL));
    assertMessage("cannot be attachable", () -> NetworkAllocator.allocate("x",
        overlay("x").toBuilder().setAttachable(true).setIngress(true).build(), with(), POOL));
    assertMessage("overlay driver", () -> NetworkAllocator.allocate("x",
        overlay("x").toBuilder().setDriver("bridge").build(), with(), POOL));
    assertMessage("IPsec", () -> NetworkAllocator.allocate("x",
        overlay("x").toBuilder().putOptions("encrypted", "").build(), with(), POOL));
    AddressPoolSpec small = AddressPoolSpec.newBuilder().addSubnets("198.18.200.0/24").setMaskLength(24).build();
    Network only = NetworkAllocator.allocate("o", overlay("o"), with(), small);
    assertMessage("used up", () -> NetworkAllocator.allocate("p", overlay("p"), with(only), small));
  }

  @Test
  void theStoreRefusesAChoiceThatCollidesWithACommittedNetwork() {
    ClusterStore store = new ClusterStore();
    store.apply(StoreAction.newBuilder().setCreateCluster(CreateCluster.newBuilder()
        .setCluster(Cluster.newBuilder().setId("c")).setFirstNode(Node.newBuilder().setId("n"))).build());
    // two managers chose the same VNI from the same state; the second commit must fail
    Network first = NetworkAllocator.allocate("one", overlay("one"), store.state(), POOL);
    Network second = NetworkAllocator.allocate("two", overlay("two", "198.18.131.0/24"), store.state(), POOL);
    assertTrue(create(store, first).getOk());
    StoreResult clash = create(store, second);
    assertFalse(clash.getOk());
    assertTrue(clash.getError().contains("VXLAN id 4096"), clash.getError());
    assertEquals(1, store.state().networks().size());
    assertEquals(store.state().networks(), StoreState.fromSnapshot(store.state().toSnapshot()).networks(),
        "networks survive a snapshot");
    assertTrue(store.apply(StoreAction.newBuilder()
        .setRemoveNetwork(RemoveNetwork.newBuilder().setNetworkId("one")).build()).getOk());
    assertTrue(store.state().networks().isEmpty());
  }

  private static StoreResult create(ClusterStore store, Network n) {
    return store.apply(StoreAction.newBuilder().setCreateNetwork(CreateNetwork.newBuilder().setNetwork(n)).build());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
