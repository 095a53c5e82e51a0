package dev.weft.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Ipv6SubnetTest {
  @Test
  void parsesAndPrintsInRfc5952Form() {
    Ipv6Subnet s = Ipv6Subnet.parse("fd00:0198:0018:0000::/64");
    assertEquals("fd00:198:18::/64", s.toString());
    assertEquals("fd00:198:18::1", Ipv6Subnet.format(s.defaultGateway()));
    assertEquals("::1", Ipv6Subnet.format(BigInteger.ONE));
    assertEquals("fd00::1:0:0:1", Ipv6Subnet.format(Ipv6Subnet.parseAddress("fd00:0:0:0:1:0:0:1")));
    assertEquals("fd00:1:0:1::", Ipv6Subnet.format(Ipv6Subnet.parseAddress("fd00:1:0:1:0:0:0:0")));
  }

  @Test
  void refusesHostBitsHostNamesAndIpv4() {
    assertThrows(IllegalArgumentException.class, () -> Ipv6Subnet.parse("fd00::1/64"));
    assertThrows(IllegalArgumentException.class, () -> Ipv6Subnet.parseAddress("example.com"));
    assertThrows(IllegalArgumentException.class, () -> Ipv6Subnet.parseAddress("198.18.0.1"));
    assertThrows(IllegalArgumentException.class, () -> Ipv6Subnet.parse("fd00::/129"));
  }

  @Test
  void overlapAndContainment() {
    Ipv6Subnet wide = Ipv6Subnet.parse("fd00:198:18::/48");
    Ipv6Subnet inside = Ipv6Subnet.parse("fd00:198:18:5::/64");
    Ipv6Subnet outside = Ipv6Subnet.parse("fd00:198:19::/64");
    assertTrue(wide.overlaps(inside) && inside.overlaps(wide));
    assertFalse(wide.overlaps(outside));
    assertTrue(wide.contains(inside.first()));
  }

  @Test
  void allocatesSeriallySkippingTheGatewayAndWrapsAround() {
    Ipv6Subnet s = Ipv6Subnet.parse("fd00:198:18::/126");
    BigInteger gateway = s.defaultGateway();
    BigInteger first = s.next(null, gateway, Set.of());
    assertEquals("fd00:198:18::2", Ipv6Subnet.format(first));
    BigInteger second = s.next(first, gateway, Set.of(first));
    assertEquals("fd00:198:18::3", Ipv6Subnet.format(second));
    // the end is reached: wrap to the start, where ::2 was freed
    assertEquals("fd00:198:18::2", Ipv6Subnet.format(s.next(second, gateway, Set.of(second))));
    assertThrows(IllegalArgumentException.class, () -> s.next(second, gateway, Set.of(first, second)));
  }
}
