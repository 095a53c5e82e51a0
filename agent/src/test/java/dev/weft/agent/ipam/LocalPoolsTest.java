package dev.weft.agent.ipam;

import dev.weft.net.Ipv4Subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPoolsTest {
  /**
   * The shape of Docker's default pools inside 198.18.0.0/15 (each /16 of the first four pools is
   * a /24 here): 198.18.17.0/24, then the /24s of 198.18.18.0/23, 198.18.20.0/22 and
   * 198.18.24.0/21, then the /20s of 198.19.0.0/16.
   */
  private static final LocalPools DOCKER_SHAPED = new LocalPools(List.of(
      LocalPools.parsePool("base=198.18.17.0/24,size=24"), LocalPools.parsePool("base=198.18.18.0/23,size=24"),
      LocalPools.parsePool("base=198.18.20.0/22,size=24"), LocalPools.parsePool("base=198.18.24.0/21,size=24"),
      LocalPools.parsePool("base=198.19.0.0/16,size=20")));

  private static Ipv4Subnet subnet(String cidr) {
    return Ipv4Subnet.parse(cidr);
  }

  @Test
  void dockerDefaultStartsAt172_17() {
    // Checks Docker's documented default pools (a product constant, not test data).
    assertEquals(subnet("172.17.0.0/16"), LocalPools.DOCKER_DEFAULT.pick(List.of()));
  }

  @Test
  void dockerDefaultHands15Slash16sThen16Slash20sThenRunsOut() {
    List<Ipv4Subnet> taken = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      taken.add(LocalPools.DOCKER_DEFAULT.pick(taken));
    }
    // Checks Docker's documented default pools (a product constant, not test data): 15 /16s, then 16 /20s.
    List<Ipv4Subnet> expected = new ArrayList<>();
    for (int second = 17; second <= 31; second++) {
      expected.add(subnet("172." + second + ".0.0/16"));
    }
    for (int third = 0; third < 256; third += 16) {
      expected.add(subnet("192.168." + third + ".0/20"));
    }
    assertEquals(expected, taken);
    var e = assertThrows(IllegalArgumentException.class, () -> LocalPools.DOCKER_DEFAULT.pick(taken));
    assertTrue(e.getMessage().contains("fully subnetted"), e.getMessage());
  }

  @Test
  void skipsTakenAndOverlappingSubnets() {
    assertEquals(subnet("198.18.18.0/24"), DOCKER_SHAPED.pick(List.of(subnet("198.18.17.0/24"))));
    assertEquals(subnet("198.18.18.0/24"), DOCKER_SHAPED.pick(List.of(subnet("198.18.17.200/29"))));
    assertEquals(subnet("198.18.19.0/24"),
        DOCKER_SHAPED.pick(List.of(subnet("198.18.17.0/24"), subnet("198.18.18.0/24"))));
    assertEquals(subnet("198.18.20.0/24"),
        DOCKER_SHAPED.pick(List.of(subnet("198.18.17.0/24"), subnet("198.18.18.0/23"))));
    assertEquals(subnet("198.19.16.0/20"),
        DOCKER_SHAPED.pick(List.of(subnet("198.18.16.0/20"), subnet("198.19.8.0/24"))));
    // A taken block larger than the pool's block size covers several candidates.
    assertEquals(subnet("198.18.17.0/24"), DOCKER_SHAPED.pick(List.of(subnet("198.18.128.0/17"))));
  }

  @Test
  void pickedSubnetNeverOverlapsWhatIsTaken() {
    LocalPools pools = new LocalPools(List.of(LocalPools.parsePool("base=198.19.0.0/16,size=24")));
    List<Ipv4Subnet> taken = new ArrayList<>(List.of(subnet("198.19.0.128/25"), subnet("198.19.2.0/23"),
        subnet("198.19.5.7/32")));
    List<Ipv4Subnet> expected = List.of(subnet("198.19.1.0/24"), subnet("198.19.4.0/24"), subnet("198.19.6.0/24"));
    for (Ipv4Subnet want : expected) {
      Ipv4Subnet got = pools.pick(taken);
      assertEquals(want, got);
      taken.forEach(t -> assertTrue(!t.overlaps(got), got + " overlaps " + t));
      taken.add(got);
    }
  }

  @Test
  void fallsThroughToTheNextPoolWhenOneIsFull() {
    LocalPools pools = new LocalPools(List.of(LocalPools.parsePool("base=198.18.0.0/24,size=25"),
        LocalPools.parsePool("base=198.19.0.0/16,size=24")));
    assertEquals(subnet("198.18.0.128/25"), pools.pick(List.of(subnet("198.18.0.0/25"))));
    assertEquals(subnet("198.19.0.0/24"), pools.pick(List.of(subnet("198.18.0.0/25"), subnet("198.18.0.128/25"))));
  }

  @Test
  void exhaustedPoolsAreRefusedWithAWayOut() {
    LocalPools pools = new LocalPools(List.of(LocalPools.parsePool("base=198.18.0.0/24,size=25")));
    var e = assertThrows(IllegalArgumentException.class, () -> pools.pick(List.of(subnet("198.18.0.0/24"))));
    assertTrue(e.getMessage().contains("all predefined address pools have been fully subnetted"), e.getMessage());
    assertTrue(e.getMessage().contains("--subnet"), e.getMessage());
  }

  @Test
  void parsesDockersPoolFlag() {
    assertEquals(new LocalPools.Pool(subnet("198.19.0.0/16"), 24), LocalPools.parsePool("base=198.19.0.0/16,size=24"));
    assertEquals(new LocalPools.Pool(subnet("198.19.0.0/16"), 24), LocalPools.parsePool("size=24,base=198.19.0.0/16"));
    assertEquals(new LocalPools.Pool(subnet("198.18.0.0/15"), 15), LocalPools.parsePool("base=198.18.0.0/15,size=15"));
    assertEquals(new LocalPools.Pool(subnet("198.18.0.0/15"), 30), LocalPools.parsePool("base=198.18.0.0/15,size=30"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "198.19.0.0/16", "base=198.19.0.0/16", "size=24", "base=198.19.0.0/16;size=24",
      "base:198.19.0.0/16,size:24", "base=198.19.0.0/16,size=24,color=red", "base=198.19.0.0/16,size=abc",
      "base=198.19.0.0/16,size=", "base=198.19.0.0/16,size=31", "base=198.19.0.0/16,size=8",
      "base=198.19.1.0/16,size=24", "base=nonsense,size=24", "base=,size=24"})
  void malformedPoolsAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> LocalPools.parsePool(text));
  }

  @Test
  void poolSizeMustBeBetweenTheBasePrefixAndSlash30() {
    var e = assertThrows(IllegalArgumentException.class, () -> new LocalPools.Pool(subnet("198.18.0.0/16"), 12));
    assertEquals("pool size /12 must be between /16 and /30", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LocalPools.Pool(subnet("198.18.0.0/16"), 31));
  }
}
