package dev.weft.gossip.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gossip.GossipSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReapPolicyTest {

  @Test
  void lanKeepsOwnersThirtySecondsAndTombstonesFiveMinutes() {
    assertEquals(new ReapPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5)),
        ReapPolicy.of(GossipSettings.LAN));
  }

  @Test
  void wanKeepsOwnersHundredFiftySecondsAndTombstonesTwentyFiveMinutes() {
    assertEquals(new ReapPolicy(Duration.ofSeconds(150), Duration.ofMinutes(25)),
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
