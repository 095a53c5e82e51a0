package dev.weft.gossip.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gossip.GossipSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReapPolicyTest {

  @Test
  void lanKeepsOwnersSixtySecondsAndTombstonesTenMinutes() {
    assertEquals(new ReapPolicy(Duration.ofSeconds(60), Duration.ofMinutes(10)),
        ReapPolicy.of(GossipSettings.LAN));
  }

  @Test
  void wanKeepsOwnersFiveMinutesAndTombstonesFiftyMinutes() {
    assertEquals(new ReapPolicy(Duration.ofSeconds(300), Duration.ofMinutes(50)),
        ReapPolicy.of(GossipSettings.WAN));
  }

  @Test
  void tombstonesMustOutliveOwnerRetention() {
    assertThrows(IllegalArgumentException.class,
        () -> new ReapPolicy(Duration.ofSeconds(30), Duration.ofSeconds(29)));
    assertThrows(IllegalArgumentException.class,
        () -> new ReapPolicy(Duration.ofSeconds(-1), Duration.ofSeconds(29)));
    assertThrows(IllegalArgumentException.class, () -> new ReapPolicy(null, Duration.ofSeconds(29)));
    assertThrows(IllegalArgumentException.class, () -> new ReapPolicy(Duration.ZERO, null));
    assertEquals(Duration.ZERO, new ReapPolicy(Duration.ZERO, Duration.ZERO).tombstoneTtl());
  }
}
