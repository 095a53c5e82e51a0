package dev.weft.manager.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {

  @Test
  void lanElectsWithinTwoSeconds() {
    RaftSettings lan = RaftSettings.LAN;
    assertTrue(lan.electionTimeoutMax().compareTo(Duration.ofSeconds(2)) < 0, lan.toString());
    assertTrue(lan.electionTimeoutMax().compareTo(lan.electionTimeoutMin()) > 0, lan.toString());
  }

  @Test
  void wanTimeoutsAreFiveTimesLan() {
    assertEquals(RaftSettings.LAN.electionTimeoutMin().multipliedBy(5), RaftSettings.WAN.electionTimeoutMin());
    assertEquals(RaftSettings.LAN.electionTimeoutMax().multipliedBy(5), RaftSettings.WAN.electionTimeoutMax());
  }

  @Test
  void presetsByName() {
    assertSame(RaftSettings.WAN, RaftSettings.preset("wan"));
    assertSame(RaftSettings.LAN, RaftSettings.preset("lan"));
    assertSame(RaftSettings.LAN, RaftSettings.preset("LAN"));
  }

  @Test
  void unknownPresetIsAnError() {
    var e = assertThrows(IllegalArgumentException.class, () -> RaftSettings.preset("bogus"));
    assertTrue(e.getMessage().contains("'bogus'") && e.getMessage().contains("lan or wan"), e.getMessage());
  }

  @Test
  void electionWindowMustBeNonEmpty() {
    Duration d = Duration.ofMillis(500);
    assertThrows(IllegalArgumentException.class,
        () -> new RaftSettings(d, d, d, d, d, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new RaftSettings(d, d.minusMillis(1), d, d, d, 1));
  }
}
