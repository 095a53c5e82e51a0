package dev.weft.net;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.IpamConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubnetPlanTest {

  private static long ip(String address) {
    return Ipv4.parse(address);
  }

  private static IpamConfig.Builder subnet(String cidr) {
    return IpamConfig.newBuilder().setSubnet(cidr);
  }

  private static String refusal(IpamConfig.Builder config) {
    return assertThrows(IllegalArgumentException.class, () -> SubnetPlan.of(config.build())).getMessage();
  }

  @Test
  void defaultsToTheWholeSubnetWithTheFirstHostAsGateway() {
    SubnetPlan plan = SubnetPlan.of(subnet("198.18.0.0/24").build());
    assertEquals(Ipv4Subnet.parse("198.18.0.0/24"), plan.subnet());
    assertEquals(plan.subnet(), plan.range());
    assertEquals(ip("198.18.0.1"), plan.gateway());
    assertEquals(Set.of(ip("198.18.0.0"), ip("198.18.0.1"), ip("198.18.0.255")), plan.reserved());
  }

  @Test
  void userGatewayIsReservedInsteadOfTheFirstHost() {
    SubnetPlan plan = SubnetPlan.of(subnet("198.18.0.0/24").setGateway("198.18.0.254").build());
    assertEquals(ip("198.18.0.254"), plan.gateway());
    assertEquals(Set.of(ip("198.18.0.0"), ip("198.18.0.254"), ip("198.18.0.255")), plan.reserved());
  }

  @Test
  void auxAddressesAreReserved() {
    SubnetPlan plan = SubnetPlan.of(subnet("198.18.0.0/24")
        .putAuxAddresses("router", "198.18.0.10").putAuxAddresses("printer", "198.18.0.11").build());
    assertEquals(Set.of(ip("198.18.0.0"), ip("198.18.0.1"), ip("198.18.0.10"), ip("198.18.0.11"), ip("198.18.0.255")),
        plan.reserved());
  }

  @Test
  void ipRangeInsideTheSubnetBecomesTheRange() {
    SubnetPlan plan = SubnetPlan.of(subnet("198.18.0.0/24").setIpRange("198.18.0.128/25").build());
    assertEquals(Ipv4Subnet.parse("198.18.0.128/25"), plan.range());
    assertEquals(Ipv4Subnet.parse("198.18.0.0/24"), plan.subnet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.1.0/25", "198.18.0.0/23", "198.19.0.0/16"})
  void ipRangeOutsideTheSubnetIsRefused(String range) {
    String message = refusal(subnet("198.18.0.0/24").setIpRange(range));
    assertEquals("ip-range " + range + " is not inside subnet 198.18.0.0/24", message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.1.1", "198.18.0.0", "198.18.0.255", "198.19.0.1"})
  void gatewayMustBeAHostAddressOfTheSubnet(String gateway) {
    String message = refusal(subnet("198.18.0.0/24").setGateway(gateway));
    assertEquals("gateway " + gateway + " is not a host address of subnet 198.18.0.0/24", message);
  }

  @Test
  void malformedGatewayIsNamed() {
    assertEquals("invalid gateway '198.18.0': expected an IPv4 address",
        refusal(subnet("198.18.0.0/24").setGateway("198.18.0")));
  }

  @Test
  void auxAddressOutsideTheSubnetIsRefused() {
    String message = refusal(subnet("198.18.0.0/24").putAuxAddresses("router", "198.18.1.5"));
    assertEquals("aux-address router=198.18.1.5 is not inside subnet 198.18.0.0/24", message);
  }

  @Test
  void auxAddressEqualToTheDefaultGatewayIsRefused() {
    String message = refusal(subnet("198.18.0.0/24").putAuxAddresses("gw", "198.18.0.1"));
    assertEquals("aux-address gw=198.18.0.1 is the gateway", message);
  }

  @Test
  void auxAddressEqualToAUserGatewayIsRefused() {
    String message = refusal(subnet("198.18.0.0/24").setGateway("198.18.0.254").putAuxAddresses("gw", "198.18.0.254"));
    assertEquals("aux-address gw=198.18.0.254 is the gateway", message);
  }

  @Test
  void malformedAuxAddressIsNamed() {
    String message = refusal(subnet("198.18.0.0/24").putAuxAddresses("x", "ten"));
    assertEquals("invalid aux-address x 'ten': expected an IPv4 address", message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.0.0/31", "198.18.0.0/32"})
  void subnetsWithoutRoomForHostsAreRefused(String cidr) {
    assertTrue(refusal(subnet(cidr)).contains("too small"));
  }

  @Test
  void slash30HasTwoHostsOneOfThemTheGateway() {
    SubnetPlan plan = SubnetPlan.of(subnet("198.18.0.4/30").build());
    assertEquals(ip("198.18.0.5"), plan.gateway());
    assertEquals(Set.of(ip("198.18.0.4"), ip("198.18.0.5"), ip("198.18.0.7")), plan.reserved());
  }

  @Test
  void staticAddressMustBeInsideAndNotReserved() {
    SubnetPlan plan = SubnetPlan.of(subnet("198.18.0.0/24").putAuxAddresses("r", "198.18.0.10").build());
    plan.checkStatic(ip("198.18.0.2"));
    plan.checkStatic(ip("198.18.0.254"));
    for (String reserved : new String[] {"198.18.0.0", "198.18.0.1", "198.18.0.10", "198.18.0.255"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> plan.checkStatic(ip(reserved)));
      assertTrue(e.getMessage().contains("is reserved"), e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> plan.checkStatic(ip("198.18.1.2")));
    assertTrue(e.getMessage().contains("not inside subnet 198.18.0.0/24"), e.getMessage());
  }

  @Test
  void allocatedConfigCarriesSubnetAndGatewayAndKeepsTheRest() {
    IpamConfig requested = subnet("198.18.0.0/24").setIpRange("198.18.0.128/25").putAuxAddresses("r", "198.18.0.10")
        .build();
    IpamConfig allocated = SubnetPlan.of(requested).allocated(requested);
    assertEquals("198.18.0.0/24", allocated.getSubnet());
    assertEquals("198.18.0.1", allocated.getGateway());
    assertEquals("198.18.0.128/25", allocated.getIpRange());
    assertEquals("198.18.0.10", allocated.getAuxAddressesOrThrow("r"));
  }
}
