package dev.weft.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.net.Ipv4Subnet;
import dev.weft.agent.ipam.LocalPools;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.LocalNetworkSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkValidatorTest {
  /**
   * The shape of Docker's default pools inside 198.18.0.0/15 (each /16 of the first four pools is
   * a /24 here): 198.18.17.0/24, then the /24s of 198.18.18.0/23, 198.18.20.0/22 and
   * 198.18.24.0/21, then the /20s of 198.19.0.0/16.
   */
  private static final LocalPools POOLS = new LocalPools(List.of(
      LocalPools.parsePool("base=198.18.17.0/24,size=24"), LocalPools.parsePool("base=198.18.18.0/23,size=24"),
      LocalPools.parsePool("base=198.18.20.0/22,size=24"), LocalPools.parsePool("base=198.18.24.0/21,size=24"),
      LocalPools.parsePool("base=198.19.0.0/16,size=20")));

  /** What a daemon holds after its first start: the default bridge (the pools' first subnet), host and none. */
  private static final List<LocalNetwork> BUILTINS = List.of(
      existing("bridge", Drivers.BRIDGE, "198.18.17.0/24", true),
      existing("host", Drivers.HOST, null, true),
      existing("none", Drivers.NULL, null, true));

  private static LocalNetwork existing(String name, String driver, String subnet, boolean builtin) {
    LocalNetwork.Builder n = LocalNetwork.newBuilder().setId(name + "-id").setBuiltin(builtin)
        .setSpec(LocalNetworkSpec.newBuilder().setName(name).setDriver(driver));
    if (subnet != null) {
      n.addIpam(IpamConfig.newBuilder().setSubnet(subnet).setGateway(""));
    }
    return n.build();
  }

  private static List<LocalNetwork> with(LocalNetwork... more) {
    List<LocalNetwork> all = new ArrayList<>(BUILTINS);
    all.addAll(List.of(more));
    return all;
  }

  private static LocalNetworkSpec.Builder spec(String name) {
    return LocalNetworkSpec.newBuilder().setName(name);
  }

  private static LocalNetworkSpec.Builder bridge(String name, String subnet) {
    return spec(name).setDriver(Drivers.BRIDGE).addIpam(IpamConfig.newBuilder().setSubnet(subnet));
  }

  private static LocalNetworkSpec.Builder macvlan(String name) {
    return spec(name).setDriver(Drivers.MACVLAN).addIpam(IpamConfig.newBuilder().setSubnet("198.19.50.0/24"))
        .putOptions("parent", "eth0");
  }

  private static LocalNetworkSpec.Builder ipvlan(String name) {
    return spec(name).setDriver(Drivers.IPVLAN).addIpam(IpamConfig.newBuilder().setSubnet("198.19.60.0/24"))
        .putOptions("parent", "eth0");
  }

  private static NetworkValidator.Validated validate(LocalNetworkSpec.Builder spec, Collection<LocalNetwork> existing) {
    return NetworkValidator.validate(spec.build(), existing, POOLS);
  }

  private static NetworkValidator.Validated validate(LocalNetworkSpec.Builder spec) {
    return validate(spec, BUILTINS);
  }

  private static String refusal(LocalNetworkSpec.Builder spec, Collection<LocalNetwork> existing) {
    return assertThrows(IllegalArgumentException.class, () -> validate(spec, existing)).getMessage();
  }

  private static String refusal(LocalNetworkSpec.Builder spec) {
    return refusal(spec, BUILTINS);
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }
  }

  @Test
  void duplicateNameIsRefused() {
    assertEquals("network with name front already exists",
        refusal(bridge("front", "198.19.9.0/24"), with(existing("front", Drivers.BRIDGE, "198.19.0.0/24", false))));
    assertEquals("network with name bridge already exists", refusal(spec("bridge")));
    assertEquals("network with name none already exists", refusal(spec("none")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-front", ".front", "_front", "my net", "front/back", "front:1", "ünï", "a\tb"})
  void badNamesAreRefused(String name) {
    assertContains(refusal(spec(name)), "invalid network name '" + name + "'", "starting with a letter or digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "9lives", "front", "My_Net.v2-1", "x-"})
  void goodNamesAreAccepted(String name) {
    assertEquals(name, validate(spec(name)).spec().getName());
  }

  @Test
  void blankDriverMeansBridge() {
    assertEquals(Drivers.BRIDGE, validate(spec("front")).spec().getDriver());
  }

  @Test
  void unknownDriverIsRefused() {
    assertContains(refusal(spec("front").setDriver("weave")), "unknown network driver 'weave'",
        "bridge, macvlan or ipvlan");
  }

  @Test
  void overlayIsRefusedWithAHintToUseAManager() {
    assertContains(refusal(spec("mesh").setDriver(Drivers.OVERLAY)), "overlay networks are swarm-scoped",
        "swarm manager");
  }

  @ParameterizedTest
  @ValueSource(strings = {Drivers.HOST, Drivers.NULL})
  void hostAndNullDriversAreRefused(String driver) {
    assertContains(refusal(spec("another").setDriver(driver)), "unknown network driver '" + driver + "'",
        "the host and none networks exist already");
  }

  @Test
  void bridgeWithoutSubnetGetsTheFirstFreePoolSubnet() {
    NetworkValidator.Validated v = validate(spec("front"));
    assertEquals(1, v.ipam().size());
    assertEquals("198.18.18.0/24", v.ipam().get(0).getSubnet());
    assertEquals("198.18.18.1", v.ipam().get(0).getGateway());
    assertEquals(0, v.mtu());
  }

  @Test
  void poolSubnetAvoidsEveryExistingSubnet() {
    List<LocalNetwork> existing = with(existing("a", Drivers.BRIDGE, "198.18.18.0/24", false),
        existing("b", Drivers.MACVLAN, "198.18.19.112/28", false), existing("c", Drivers.BRIDGE, "198.18.20.0/22", false));
    Ipv4Subnet picked = Ipv4Subnet.parse(validate(spec("front"), existing).ipam().get(0).getSubnet());
    assertEquals(Ipv4Subnet.parse("198.18.24.0/24"), picked);
    for (LocalNetwork n : existing) {
      for (IpamConfig c : n.getIpamList()) {
        assertTrue(!Ipv4Subnet.parse(c.getSubnet()).overlaps(picked), picked + " overlaps " + c.getSubnet());
      }
    }
  }

  @Test
  void poolsComeFromTheDaemonsConfiguration() {
    LocalPools pools = new LocalPools(List.of(LocalPools.parsePool("base=198.19.0.0/16,size=24")));
    NetworkValidator.Validated v = NetworkValidator.validate(spec("front").build(),
        with(existing("a", Drivers.BRIDGE, "198.19.0.0/24", false)), pools);
    assertEquals("198.19.1.0/24", v.ipam().get(0).getSubnet());
  }

  @Test
  void explicitSubnetIsKeptWithTheFirstHostAsGateway() {
    NetworkValidator.Validated v = validate(bridge("front", "198.19.0.0/24"));
    assertEquals("198.19.0.0/24", v.ipam().get(0).getSubnet());
    assertEquals("198.19.0.1", v.ipam().get(0).getGateway());
  }

  @Test
  void explicitSubnetOverlappingAnotherNetworkIsRefusedNamingBoth() {
    String message = refusal(bridge("back", "198.19.2.0/24"),
        with(existing("front", Drivers.BRIDGE, "198.19.0.0/16", false)));
    assertContains(message, "198.19.2.0/24", "198.19.0.0/16", "overlaps");
    assertContains(refusal(bridge("back", "198.18.16.0/20")), "198.18.16.0/20", "198.18.17.0/24");
  }

  @Test
  void oneRequestTakesAtMostOneIpv4Subnet() {
    LocalNetworkSpec.Builder spec = bridge("front", "198.19.0.0/16")
        .addIpam(IpamConfig.newBuilder().setSubnet("198.19.5.0/24"));
    assertEquals("a network takes at most one IPv4 and one IPv6 --subnet", refusal(spec));
  }

  @Test
  void subnetWithHostBitsIsRefusedWithTheNetworkAddress() {
    assertContains(refusal(bridge("front", "198.19.0.1/24")), "did you mean 198.19.0.0/24?");
  }

  @Test
  void ipamSettingsArePassedThroughAndChecked() {
    NetworkValidator.Validated v = validate(spec("front").addIpam(IpamConfig.newBuilder().setSubnet("198.19.0.0/24")
        .setIpRange("198.19.0.128/25").setGateway("198.19.0.254").putAuxAddresses("router", "198.19.0.2")));
    IpamConfig ipam = v.ipam().get(0);
    assertEquals("198.19.0.0/24", ipam.getSubnet());
    assertEquals("198.19.0.128/25", ipam.getIpRange());
    assertEquals("198.19.0.254", ipam.getGateway());
    assertEquals("198.19.0.2", ipam.getAuxAddressesOrThrow("router"));
    assertContains(
        refusal(spec("front").addIpam(IpamConfig.newBuilder().setSubnet("198.19.0.0/24").setIpRange("198.18.2.0/25"))),
        "ip-range 198.18.2.0/25 is not inside subnet 198.19.0.0/24");
  }

  @ParameterizedTest
  @ValueSource(strings = {"68", "1400", "1500", "9000", "65535", " 1450 "})
  void mtuWithinBoundsIsTaken(String mtu) {
    assertEquals(Integer.parseInt(mtu.trim()), validate(spec("front").putOptions(Drivers.MTU_OPTION, mtu)).mtu());
  }

  @ParameterizedTest
  @ValueSource(strings = {"67", "0", "-1500", "65536", "100000"})
  void mtuOutOfBoundsIsRefused(String mtu) {
    assertContains(refusal(spec("front").putOptions(Drivers.MTU_OPTION, mtu)),
        "invalid " + Drivers.MTU_OPTION + " " + mtu, "68-65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "1500b", "1.5e3", "99999999999"})
  void nonNumericMtuIsRefused(String mtu) {
    assertContains(refusal(spec("front").putOptions(Drivers.MTU_OPTION, mtu)),
        "invalid " + Drivers.MTU_OPTION + " '" + mtu + "'", "expected a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {Drivers.MACVLAN, Drivers.IPVLAN})
  void macvlanAndIpvlanNeedAParent(String driver) {
    LocalNetworkSpec.Builder noParent = spec("lan").setDriver(driver)
        .addIpam(IpamConfig.newBuilder().setSubnet("198.19.50.0/24"));
    assertContains(refusal(noParent), driver + " networks need -o parent=INTERFACE");
    assertContains(refusal(noParent.clone().putOptions("parent", "")), "need -o parent=INTERFACE");
    assertContains(refusal(noParent.clone().putOptions("parent", "sixteen-chars-xx")), "need -o parent=INTERFACE");
    assertContains(refusal(noParent.clone().putOptions("parent", "eth0; reboot")), "need -o parent=INTERFACE");
    NetworkValidator.Validated v = validate(noParent.clone().putOptions("parent", "eth0.100"));
    assertEquals("198.19.50.0/24", v.ipam().get(0).getSubnet());
    assertEquals("198.19.50.1", v.ipam().get(0).getGateway());
  }

  @ParameterizedTest
  @ValueSource(strings = {Drivers.MACVLAN, Drivers.IPVLAN})
  void macvlanAndIpvlanNeedASubnet(String driver) {
    assertContains(refusal(spec("lan").setDriver(driver).putOptions("parent", "eth0")),
        driver + " networks need a --subnet");
  }

  @Test
  void unknownOptionKeysAreRefused() {
    assertEquals("unknown option 'foo' for the bridge driver", refusal(spec("front").putOptions("foo", "1")));
    assertEquals("unknown option 'parent' for the bridge driver", refusal(spec("front").putOptions("parent", "eth0")));
    assertEquals("unknown option 'macvlan_mode' for the bridge driver",
        refusal(spec("front").putOptions("macvlan_mode", "bridge")));
    assertEquals("unknown option 'ipvlan_mode' for the macvlan driver",
        refusal(macvlan("lan").putOptions("ipvlan_mode", "l2")));
    assertEquals("unknown option 'macvlan_mode' for the ipvlan driver",
        refusal(ipvlan("lan").putOptions("macvlan_mode", "bridge")));
  }

  @Test
  void dockerBridgeOptionsAreAccepted() {
    NetworkValidator.Validated v = validate(spec("front").putOptions("com.docker.network.bridge.name", "br-front")
        .putOptions("com.docker.network.bridge.enable_icc", "true"));
    assertEquals("br-front", v.spec().getOptionsOrThrow("com.docker.network.bridge.name"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "private", "vepa", "passthru"})
  void macvlanModesAreDockers(String mode) {
    validate(macvlan("lan").putOptions("macvlan_mode", mode));
  }

  @ParameterizedTest
  @ValueSource(strings = {"l2", "Bridge", "", "source"})
  void otherMacvlanModesAreRefused(String mode) {
    assertEquals("invalid macvlan_mode '" + mode + "': use bridge, private, vepa or passthru",
        refusal(macvlan("lan").putOptions("macvlan_mode", mode)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"l2", "l3", "l3s"})
  void ipvlanModesAreDockers(String mode) {
    validate(ipvlan("lan").putOptions("ipvlan_mode", mode));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "L2", "", "l4"})
  void otherIpvlanModesAreRefused(String mode) {
    assertEquals("invalid ipvlan_mode '" + mode + "': use l2, l3 or l3s",
        refusal(ipvlan("lan").putOptions("ipvlan_mode", mode)));
  }

  @Test
  void ipv6NeedsBothTheFlagAndAnIpv6Subnet() {
    assertContains(refusal(spec("front").setIpv6(true)), "--ipv6 needs an IPv6 --subnet");
    assertContains(refusal(bridge("front", "198.19.0.0/24").setIpv6(true)), "--ipv6 needs an IPv6 --subnet");
    assertEquals("IPv6 subnet fd00:1::/64 needs --ipv6", refusal(bridge("front", "fd00:1::/64")));
  }

  @Test
  void ipv6SubnetGetsItsGatewayAndComesAfterTheIpv4One() {
    NetworkValidator.Validated v = validate(bridge("front", "fd00:198:18:1::/64").setIpv6(true)
        .addIpam(IpamConfig.newBuilder().setSubnet("198.19.0.0/24")));
    assertEquals(2, v.ipam().size());
    assertEquals("198.19.0.0/24", v.ipam().get(0).getSubnet());
    assertEquals("fd00:198:18:1::/64", v.ipam().get(1).getSubnet());
    assertEquals("fd00:198:18:1::1", v.ipam().get(1).getGateway());
  }

  @Test
  void ipv6SubnetsMayNotOverlapAndNeedABridge() {
    NetworkValidator.Validated back = validate(bridge("back", "fd00:198:18::/48").setIpv6(true));
    LocalNetwork existing = LocalNetwork.newBuilder().setId("b".repeat(64)).setSpec(back.spec())
        .addAllIpam(back.ipam()).build();
    assertContains(refusal(bridge("front", "fd00:198:18:5::/64").setIpv6(true), with(existing)),
        "fd00:198:18:5::/64", "fd00:198:18::/48");
    assertContains(refusal(spec("mv").setDriver("macvlan").putOptions("parent", "eth0").setIpv6(true)
        .addIpam(IpamConfig.newBuilder().setSubnet("198.19.9.0/24"))
        .addIpam(IpamConfig.newBuilder().setSubnet("fd00:198:19::/64"))), "bridge networks only");
    assertContains(refusal(bridge("front", "fd00:198:18:1::/64").setIpv6(true)
        .addIpam(IpamConfig.newBuilder().setSubnet("fd00:198:18:2::/64"))), "at most one IPv4 and one IPv6");
  }

  @Test
  void ipRangeGatewayOrAuxAddressWithoutSubnetIsRefused() {
    String expected = "--ip-range, --gateway and --aux-address need a --subnet";
    assertEquals(expected, refusal(spec("front").addIpam(IpamConfig.newBuilder().setIpRange("198.19.0.0/25"))));
    assertEquals(expected, refusal(spec("front").addIpam(IpamConfig.newBuilder().setGateway("198.19.0.1"))));
    assertEquals(expected, refusal(spec("front").addIpam(IpamConfig.newBuilder().putAuxAddresses("r", "198.19.0.2"))));
  }

  @Test
  void bridgeWithoutSubnetIsRefusedWhenThePoolsAreFull() {
    LocalPools full = new LocalPools(List.of(LocalPools.parsePool("base=198.18.17.0/24,size=24")));
    String message = assertThrows(IllegalArgumentException.class,
        () -> NetworkValidator.validate(spec("front").build(), BUILTINS, full)).getMessage();
    assertContains(message, "fully subnetted", "--subnet");
  }
}
