package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4SubnetTest {

  private static Ipv4Subnet subnet(String cidr) {
    return Ipv4Subnet.parse(cidr);
  }

  private static long ip(String address) {
    return Ipv4.parse(address);
  }

  @Test
  void parsesNetworkAndPrefix() {
    Ipv4Subnet s = subnet("198.19.0.0/16");
    assertEquals(ip("198.19.0.0"), s.network());
    assertEquals(16, s.prefix());
    assertEquals(65_536, s.size());
    assertEquals(ip("198.19.0.0"), s.first());
    assertEquals(ip("198.19.255.255"), s.last());
    assertEquals("198.19.0.0/16", s.toString());
    assertEquals(s, subnet(s.toString()));
  }

  @ParameterizedTest(name = "{0} -> did you mean {1}")
  @CsvSource({
      "198.18.2.3/16, 198.18.0.0/16",
      "198.19.0.1/16, 198.19.0.0/16",
      "198.18.1.129/25, 198.18.1.128/25",
      "198.18.0.0/0, 0.0.0.0/0",
      "198.18.0.7/30, 198.18.0.4/30"})
  void hostBitsAreRefusedWithTheNetworkAddressAsHint(String cidr, String hint) {
    var e = assertThrows(IllegalArgumentException.class, () -> subnet(cidr));
    assertTrue(e.getMessage().contains("host bits are set"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean " + hint + "?"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.0.0", "198.18.0.0/", "/8", "", "198.18.0.0/33", "198.18.0.0/-1", "198.18.0.0/abc",
      "198.18.0/15", "256.0.0.0/8", "198.18.0.0/15/15", "198.18.0.0/100", "fd00::/64"})
  void malformedCidrsAreRefused(String cidr) {
    var e = assertThrows(IllegalArgumentException.class, () -> subnet(cidr));
    assertTrue(e.getMessage().startsWith("invalid subnet '"), e.getMessage());
  }

  @Test
  void constructorRefusesBadPrefixAndHostBits() {
    assertThrows(IllegalArgumentException.class, () -> new Ipv4Subnet(0, 33));
    assertThrows(IllegalArgumentException.class, () -> new Ipv4Subnet(0, -1));
    assertThrows(IllegalArgumentException.class, () -> new Ipv4Subnet(ip("198.18.0.1"), 24));
  }

  @Test
  void slash32IsOneAddress() {
    Ipv4Subnet s = subnet("198.18.0.5/32");
    assertEquals(1, s.size());
    assertEquals(ip("198.18.0.5"), s.first());
    assertEquals(ip("198.18.0.5"), s.last());
    assertTrue(s.contains(ip("198.18.0.5")));
    assertFalse(s.contains(ip("198.18.0.4")));
    assertFalse(s.contains(ip("198.18.0.6")));
    assertTrue(s.contains(s));
    assertTrue(subnet("198.18.0.0/24").contains(s));
    assertTrue(s.overlaps(subnet("198.18.0.0/24")));
    assertFalse(s.overlaps(subnet("198.18.0.6/32")));
  }

  @Test
  void slash0IsEveryAddress() {
    Ipv4Subnet all = subnet("0.0.0.0/0");
    assertEquals(1L << 32, all.size());
    assertEquals(0, all.first());
    assertEquals(0xffff_ffffL, all.last());
    assertTrue(all.contains(ip("0.0.0.0")));
    assertTrue(all.contains(ip("255.255.255.255")));
    assertTrue(all.contains(subnet("198.19.113.0/24")));
    assertTrue(all.overlaps(subnet("255.255.255.255/32")));
    assertTrue(subnet("198.18.0.0/15").overlaps(all));
    assertFalse(subnet("198.18.0.0/15").contains(all));
  }

  @Test
  void containsAnAddressIncludingNetworkAndBroadcastOnly() {
    Ipv4Subnet s = subnet("198.19.0.0/24");
    assertTrue(s.contains(ip("198.19.0.0")));
    assertTrue(s.contains(ip("198.19.0.255")));
    assertFalse(s.contains(ip("198.19.1.0")));
    assertFalse(s.contains(ip("198.18.255.255")));
  }

  @Test
  void containsASubnetOnlyWhenWhollyInside() {
    Ipv4Subnet s = subnet("198.18.0.0/24");
    assertTrue(s.contains(subnet("198.18.0.128/25")));
    assertTrue(s.contains(s));
    assertFalse(s.contains(subnet("198.18.0.0/23")));
    assertFalse(s.contains(subnet("198.18.1.0/25")));
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "198.19.0.0/24, 198.19.0.0/24, true",
      "198.19.0.0/24, 198.19.0.128/25, true",
      "198.19.0.0/16, 198.19.255.0/24, true",
      "198.19.0.0/24, 198.19.1.0/24, false",
      "198.19.0.0/24, 198.18.255.0/24, false",
      "198.18.0.0/17, 198.18.8.0/21, true",
      "198.18.0.0/17, 198.18.128.0/21, false"})
  void overlapsIsSymmetric(String a, String b, boolean overlap) {
    assertEquals(overlap, subnet(a).overlaps(subnet(b)));
    assertEquals(overlap, subnet(b).overlaps(subnet(a)));
  }
}
