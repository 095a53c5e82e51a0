package dev.weft.vxlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayMtuTest {

  @ParameterizedTest(name = "underlay {0}, IPv6 {1}: {2}")
  @CsvSource({
      "1500, false, 1450",
      "1500, true,  1430",
      "9000, false, 8950",
      "9000, true,  8930",
      "1450, false, 1400",  // an overlay under a cloud VPC's 1450
      "118,  false, 68",    // the smallest underlay that still works over IPv4
      "138,  true,  68",
      "65535, false, 65485",
  })
  void forUnderlay(int underlay, boolean ipv6, int expected) {
    assertEquals(expected, OverlayMtu.forUnderlay(underlay, ipv6));
  }

  @Test
  void anUnderlayTooSmallForTheHeadersIsRefused() {
    var v4 = assertThrows(IllegalArgumentException.class, () -> OverlayMtu.forUnderlay(117, false));
    assertTrue(v4.getMessage().contains("at least 118"), v4.getMessage());
    var v6 = assertThrows(IllegalArgumentException.class, () -> OverlayMtu.forUnderlay(137, true));
    assertTrue(v6.getMessage().contains("at least 138"), v6.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OverlayMtu.forUnderlay(0, false));
    assertThrows(IllegalArgumentException.class, () -> OverlayMtu.forUnderlay(-1500, false));
  }

  @Test
  void anUnderlayAboveTheLargestPacketIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> OverlayMtu.forUnderlay(65536, false));
    assertTrue(e.getMessage().contains("65535"), e.getMessage());
  }

  @Test
  void withoutAUserValueTheUnderlayDecides() {
    assertEquals(1450, OverlayMtu.effective(OptionalInt.empty(), 1500, false));
    assertEquals(1430, OverlayMtu.effective(OptionalInt.empty(), 1500, true));
  }

  @ParameterizedTest(name = "user {0} on underlay {1}: {0}")
  @CsvSource({"1400, 1500", "68, 1500", "1450, 1500", "1480, 1500", "1500, 1500", "1280, 1500"})
  void aUserValueWithinBoundsWins(int user, int underlay) {
    assertEquals(user, OverlayMtu.effective(OptionalInt.of(user), underlay, false));
    assertEquals(user, OverlayMtu.effective(OptionalInt.of(user), underlay, true));
  }

  @Test
  void aUserValueBelowTheMinimumIsRefusedNamingIt() {
    for (int user : new int[] {67, 0, -1}) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> OverlayMtu.effective(OptionalInt.of(user), 1500, false));
      assertTrue(e.getMessage().contains("minimum of 68"), e.getMessage());
    }
  }

  @Test
  void aUserValueAboveTheUnderlayIsRefusedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> OverlayMtu.effective(OptionalInt.of(1501), 1500, false));
    assertTrue(e.getMessage().contains("underlay MTU of 1500"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OverlayMtu.effective(OptionalInt.of(9000), 1500, true));
  }

  @Test
  void aBadUnderlayIsRefusedEvenWithAUserValue() {
    assertThrows(IllegalArgumentException.class, () -> OverlayMtu.effective(OptionalInt.of(68), 100, false));
  }
}
