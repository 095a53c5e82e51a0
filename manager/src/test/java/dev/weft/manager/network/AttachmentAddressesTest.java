package dev.weft.manager.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.store.StoreState;
import dev.weft.net.Ipv4;
import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttachmentAddressesTest {
  private static final Network NET = Network.newBuilder().setId("n1").setSpec(NetworkSpec.newBuilder().setName("t"))
      .addAllocated(IpamConfig.newBuilder().setSubnet("198.18.128.0/24").setGateway("198.18.128.1")).build();

  private static StoreState holding(String... addresses) {
    Map<String, Attachment> held = new java.util.HashMap<>();
    for (String a : addresses) {
      held.put("e" + a, Attachment.newBuilder().setId("e" + a).setNetworkId("n1").setAddress(a + "/24").build());
    }
    return new StoreState(1, Cluster.getDefaultInstance(), Map.of(), Set.of(), Map.of("n1", NET), held);
  }

  @Test
  void serialAfterTheLastAndAroundTheGatewayAndHeldOnes() {
    assertEquals("198.18.128.2/24", AttachmentAddresses.choose(NET, holding(), ""));
    assertEquals("198.18.128.4/24", AttachmentAddresses.choose(NET, holding("198.18.128.2", "198.18.128.3"), ""));
    Network after = NET.toBuilder().setLastAllocated("198.18.128.9").build();
    assertEquals("198.18.128.10/24", AttachmentAddresses.choose(after, holding("198.18.128.2"), ""),
        "a freed address is not handed out again at once");
  }

  @Test
  void addressesTheStoreRefusedAreAvoidedWhenThisManagerLags() {
    assertEquals("198.18.128.3/24",
        AttachmentAddresses.choose(NET, holding(), "", Set.of(Ipv4.parse("198.18.128.2"))));
  }

  @Test
  void aRequestedAddressMustBeAFreeHostAddressOfTheSubnet() {
    assertEquals("198.18.128.200/24", AttachmentAddresses.choose(NET, holding(), "198.18.128.200"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AttachmentAddresses.choose(NET, holding("198.18.128.200"), "198.18.128.200")).getMessage()
        .startsWith("Address already in use"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AttachmentAddresses.choose(NET, holding(), "198.18.128.1")).getMessage().contains("reserved"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AttachmentAddresses.choose(NET, holding(), "198.18.9.9")).getMessage().contains("not inside"));
  }
}
