package dev.weft.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkPlansTest {
  private static final String NETNS = "weft-ab12-0123456789ab";

  @Test
  void bridgeIsCreatedAddressedThenBroughtUp() {
    assertEquals(List.of(
            "link add wbab12c0ffee mtu 1500 address 02:42:c6:12:00:01 type bridge",
            "addr add 198.18.0.1/16 dev wbab12c0ffee",
            "link set wbab12c0ffee up"),
        LinkPlans.createBridge("wbab12c0ffee", 1500, "198.18.0.1/16"));
  }

  @Test
  void vethPeerIsCreatedInsideTheNamespaceWithItsMacThenTheHostEndJoinsTheBridge() {
    assertEquals(List.of(
            "link add wvab12abcdef0 mtu 1450 type veth peer name eth0 mtu 1450 address 02:42:c6:12:00:02 netns " + NETNS,
            "link set wvab12abcdef0 master wbab12c0ffee",
            "link set wvab12abcdef0 up"),
        LinkPlans.vethIntoBridge("wvab12abcdef0", "wbab12c0ffee", 1450, NETNS, "eth0", "02:42:c6:12:00:02", false));
  }

  @Test
  void onABridgeWithIccOffThePortIsIsolatedBeforeItComesUp() {
    assertEquals(List.of(
            "link add wvab12abcdef0 mtu 1450 type veth peer name eth1 mtu 1450 address 02:42:c6:13:01:03 netns " + NETNS,
            "link set wvab12abcdef0 master wbab12c0ffee",
            "link set wvab12abcdef0 type bridge_slave isolated on",
            "link set wvab12abcdef0 up"),
        LinkPlans.vethIntoBridge("wvab12abcdef0", "wbab12c0ffee", 1450, NETNS, "eth1", "02:42:c6:13:01:03", true));
  }

  @Test
  void subInterfaceIsCreatedOnTheParentThenMoved() {
    assertEquals(List.of(
            "link add wmab12abcdef0 link eth1 mtu 1500 type macvlan mode bridge",
            "link set wmab12abcdef0 netns " + NETNS),
        LinkPlans.subInterface("wmab12abcdef0", "eth1", "macvlan", "bridge", 1500, NETNS));
    assertEquals(List.of(
            "link add wmab12abcdef0 link eth1.100 mtu 9000 type ipvlan mode l3",
            "link set wmab12abcdef0 netns " + NETNS),
        LinkPlans.subInterface("wmab12abcdef0", "eth1.100", "ipvlan", "l3", 9000, NETNS));
  }

  @Test
  void insideTheContainerWithDefaultRoute() {
    assertEquals(List.of(
            "link set lo up",
            "addr add 198.18.0.2/16 dev eth0",
            "link set eth0 up",
            "route replace default via 198.18.0.1 dev eth0"),
        LinkPlans.insideContainer("eth0", "eth0", "198.18.0.2/16", "198.18.0.1", true));
  }

  @Test
  void insideTheContainerWithoutDefaultRoute() {
    assertEquals(List.of(
            "link set lo up",
            "addr add 198.19.1.3/24 dev eth1",
            "link set eth1 up"),
        LinkPlans.insideContainer("eth1", "eth1", "198.19.1.3/24", "198.19.1.1", false));
  }

  @Test
  void movedDeviceIsRenamedBeforeItIsAddressed() {
    assertEquals(List.of(
            "link set lo up",
            "link set wmab12abcdef0 name eth1",
            "addr add 198.19.50.10/24 dev eth1",
            "link set eth1 up",
            "route replace default via 198.19.50.1 dev eth1"),
        LinkPlans.insideContainer("wmab12abcdef0", "eth1", "198.19.50.10/24", "198.19.50.1", true));
  }
}
