package dev.weft.net;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.IpamConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressAllocatorTest {

  private static long ip(String address) {
    return Ipv4.parse(address);
  }

  private static Set<Long> ips(String... addresses) {
    Set<Long> set = new HashSet<>();
    for (String a : addresses) {
      set.add(ip(a));
    }
    return set;
  }

  private static SubnetPlan plan(String cidr) {
    return SubnetPlan.of(IpamConfig.newBuilder().setSubnet(cidr).build());
  }

  private static String next(SubnetPlan plan, String last, Set<Long> inUse) {
    return Ipv4.format(AddressAllocator.next(plan, last == null ? -1 : ip(last), inUse));
  }

  @Test
  void firstAddressIsTheFirstAfterNetworkAndGateway() {
    assertEquals("198.18.0.2", next(plan("198.18.0.0/24"), null, Set.of()));
  }

  @Test
  void continuesAfterTheLastHandedOutRatherThanReusingAFreedLowerAddress() {
    // .2 .3 .4 .5 were handed out, .3 was freed since: the next is .6, not .3.
    assertEquals("198.18.0.6", next(plan("198.18.0.0/24"), "198.18.0.5", ips("198.18.0.2", "198.18.0.4", "198.18.0.5")));
  }

  @Test
  void continuesAfterTheLastEvenWhenItWasFreed() {
    assertEquals("198.18.0.6", next(plan("198.18.0.0/24"), "198.18.0.5", ips("198.18.0.2")));
  }

  @Test
  void handsOutEveryHostInOrderThenReportsExhaustion() {
    SubnetPlan plan = plan("198.18.0.0/28");
    Set<Long> inUse = new HashSet<>();
    long last = -1;
    List<String> handedOut = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      last = AddressAllocator.next(plan, last, inUse);
      inUse.add(last);
      handedOut.add(Ipv4.format(last));
    }
    List<String> expected = new ArrayList<>();
    for (int host = 2; host <= 14; host++) {
      expected.add("198.18.0." + host);
    }
    assertEquals(expected, handedOut);
    long lastHandedOut = last;
    var e = assertThrows(IllegalArgumentException.class, () -> AddressAllocator.next(plan, lastHandedOut, inUse));
    assertEquals("no address left in subnet 198.18.0.0/28: every address is in use or reserved", e.getMessage());
  }

  @Test
  void wrapsAroundToTheStartOnlyAtTheEnd() {
    // 198.18.0.0/29: .0 network, .1 gateway, .2-.6 hosts, .7 broadcast.
    SubnetPlan plan = plan("198.18.0.0/29");
    assertEquals("198.18.0.3", next(plan, "198.18.0.6", ips("198.18.0.2", "198.18.0.5", "198.18.0.6")));
    assertEquals("198.18.0.2", next(plan, "198.18.0.6", ips("198.18.0.6")));
    assertEquals("198.18.0.2", next(plan, "198.18.0.7", Set.of()));
  }

  @Test
  void skipsReservedAddresses() {
    SubnetPlan plan = SubnetPlan.of(IpamConfig.newBuilder().setSubnet("198.18.0.0/24").setGateway("198.18.0.3")
        .putAuxAddresses("router", "198.18.0.4").build());
    assertEquals("198.18.0.1", next(plan, null, Set.of()));
    assertEquals("198.18.0.5", next(plan, "198.18.0.2", Set.of()));
    assertEquals("198.18.0.1", next(plan, "198.18.0.254", Set.of()));
  }

  @Test
  void skipsAddressesInUse() {
    assertEquals("198.18.0.5", next(plan("198.18.0.0/24"), null, ips("198.18.0.2", "198.18.0.3", "198.18.0.4")));
  }

  @Test
  void staysInsideTheIpRange() {
    SubnetPlan plan = SubnetPlan.of(IpamConfig.newBuilder().setSubnet("198.18.0.0/24").setIpRange("198.18.0.8/29")
        .build());
    assertEquals("198.18.0.8", next(plan, null, Set.of()));
    assertEquals("198.18.0.8", next(plan, "198.18.0.15", Set.of()));
    assertEquals("198.18.0.12", next(plan, "198.18.0.11", Set.of()));
    // A last address outside the range (the range changed) restarts at the range's start.
    assertEquals("198.18.0.8", next(plan, "198.18.0.100", Set.of()));
  }

  @Test
  void exhaustedIpRangeIsNamed() {
    SubnetPlan plan = SubnetPlan.of(IpamConfig.newBuilder().setSubnet("198.18.0.0/24").setIpRange("198.18.0.8/30")
        .build());
    var e = assertThrows(IllegalArgumentException.class,
        () -> AddressAllocator.next(plan, ip("198.18.0.9"),
            ips("198.18.0.8", "198.18.0.9", "198.18.0.10", "198.18.0.11")));
    assertEquals("no address left in ip-range 198.18.0.8/30: every address is in use or reserved", e.getMessage());
  }

  @Test
  void neverHandsOutAReservedOrHeldAddressUnderChurn() {
    SubnetPlan plan = SubnetPlan.of(IpamConfig.newBuilder().setSubnet("198.18.0.0/27")
        .putAuxAddresses("a", "198.18.0.7").putAuxAddresses("b", "198.18.0.20").build());
    Random random = new Random(42);
    List<Long> held = new ArrayList<>();
    long last = -1;
    for (int step = 0; step < 2_000; step++) {
      if (!held.isEmpty() && (held.size() >= 27 || random.nextInt(3) == 0)) {
        held.remove(random.nextInt(held.size()));
        continue;
      }
      long previous = last;
      last = AddressAllocator.next(plan, last, new HashSet<>(held));
      assertFalse(plan.reserved().contains(last), Ipv4.format(last));
      assertFalse(held.contains(last), Ipv4.format(last));
      assertTrue(plan.subnet().contains(last));
      // Serial: every address passed over between the previous and this one (going round the end
      // of the range if need be) was reserved or held.
      if (previous >= 0) {
        Ipv4Subnet range = plan.range();
        long steps = Math.floorMod(last - previous, range.size());
        for (long k = 1; k < (steps == 0 ? range.size() : steps); k++) {
          long a = range.first() + Math.floorMod(previous - range.first() + k, range.size());
          assertTrue(plan.reserved().contains(a) || held.contains(a), "passed over free " + Ipv4.format(a));
        }
      }
      held.add(last);
    }
  }
}
