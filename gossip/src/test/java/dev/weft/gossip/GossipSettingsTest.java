package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GossipSettingsTest {

  @ParameterizedTest(name = "ceil(log2({0})) = {1}")
  @CsvSource({"1, 0", "2, 1", "3, 2", "4, 2", "5, 3", "8, 3", "9, 4", "16, 4", "17, 5", "100, 7",
      "1024, 10", "1025, 11"})
  void ceilLog2(int n, int expected) {
    assertEquals(expected, GossipSettings.ceilLog2(n));
  }

  /** The LAN table in the Javadoc: 3 × ceil(log2(max(n, 2))) × 200 ms. */
  @ParameterizedTest(name = "LAN, {0} members: {1} ms")
  @CsvSource({"1, 600", "2, 600", "3, 1200", "4, 1200", "5, 1800", "8, 1800", "9, 2400",
      "100, 4200", "1000, 6000"})
  void lanSuspicionTimeout(int members, long millis) {
    assertEquals(Duration.ofMillis(millis), GossipSettings.LAN.suspicionTimeout(members));
  }

  @ParameterizedTest(name = "WAN, {0} members: {1} s")
  @CsvSource({"2, 3", "8, 9", "100, 21"})
  void wanSuspicionTimeout(int members, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), GossipSettings.WAN.suspicionTimeout(members));
  }

  @Test
  void suspicionTimeoutScalesWithMultiplierAndInterval() {
    GossipSettings s = new GossipSettings(Duration.ofMillis(300), Duration.ofMillis(100),
        Duration.ofMillis(50), 3, 5, Duration.ofSeconds(5), Duration.ofSeconds(1),
        Duration.ofSeconds(30));
    assertEquals(Duration.ofMillis(5 * 3 * 300), s.suspicionTimeout(8));
  }

  @Test
  void suspicionTimeoutNeedsACluster() {
    assertThrows(IllegalArgumentException.class, () -> GossipSettings.LAN.suspicionTimeout(0));
    assertThrows(IllegalArgumentException.class, () -> GossipSettings.LAN.suspicionTimeout(-3));
  }

  @Test
  void lanPresetValues() {
    GossipSettings lan = GossipSettings.LAN;
    assertEquals(Duration.ofMillis(200), lan.pingInterval());
    assertEquals(Duration.ofMillis(100), lan.pingTimeout());
    assertEquals(Duration.ofMillis(50), lan.gossipInterval());
    assertEquals(3, lan.gossipFanout());
    assertEquals(3, lan.suspicionMult());
    assertEquals(Duration.ofSeconds(5), lan.syncInterval());
    assertEquals(Duration.ofSeconds(1), lan.antiEntropyInterval());
    assertEquals(Duration.ofSeconds(60), lan.deadRetention());
  }

  @Test
  void wanIsLanWithEveryDurationTimesFive() {
    GossipSettings lan = GossipSettings.LAN;
    GossipSettings wan = GossipSettings.WAN;
    assertEquals(new GossipSettings(lan.pingInterval().multipliedBy(5), lan.pingTimeout().multipliedBy(5),
        lan.gossipInterval().multipliedBy(5), lan.gossipFanout(), lan.suspicionMult(),
        lan.syncInterval().multipliedBy(5), lan.antiEntropyInterval().multipliedBy(5),
        lan.deadRetention().multipliedBy(5)), wan);
  }

  /**
   * A 30 s partition must heal before a dead member's endpoints are reaped: retention has to
   * exceed the partition plus the suspicion timeout (1000 members) plus a few anti-entropy rounds.
   */
  @Test
  void lanRetentionOutlastsAThirtySecondPartition() {
    GossipSettings lan = GossipSettings.LAN;
    Duration needed = Duration.ofSeconds(30).plus(lan.suspicionTimeout(1000))
        .plus(lan.antiEntropyInterval().multipliedBy(3));
    assertTrue(lan.deadRetention().compareTo(needed) > 0, lan.deadRetention() + " <= " + needed);
  }

  @Test
  void invalidSettingsAreRejected() {
    Duration ms100 = Duration.ofMillis(100);
    Duration s1 = Duration.ofSeconds(1);
    var e = assertThrows(IllegalArgumentException.class,
        () -> new GossipSettings(ms100, ms100, ms100, 3, 3, s1, s1, s1));
    assertTrue(e.getMessage().contains("pingTimeout"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GossipSettings(s1, ms100, Duration.ZERO, 3, 3, s1, s1, s1));
    assertThrows(IllegalArgumentException.class, () -> new GossipSettings(s1, ms100, ms100, 0, 3, s1, s1, s1));
    assertThrows(IllegalArgumentException.class, () -> new GossipSettings(s1, ms100, ms100, 3, 0, s1, s1, s1));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipSettings(s1, ms100, ms100, 3, 3, s1, s1, Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> new GossipSettings(null, ms100, ms100, 3, 3, s1, s1, s1));
    e = assertThrows(IllegalArgumentException.class,
        () -> new GossipSettings(s1, ms100, ms100, 3, 3, s1, Duration.ZERO, s1));
    assertTrue(e.getMessage().contains("antiEntropyInterval"), e.getMessage());
  }
}
