package dev.weft.gossip.table;

import static dev.weft.gossip.table.Records.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTest {

  @ParameterizedTest(name = "{0}.{1} vs {2}.{3}: {4}")
  @CsvSource({
      "1, 1, 1, 1, 0",
      "1, 2, 1, 1, 1",
      "1, 1, 1, 2, -1",
      "2, 1, 1, 999, 1", // a restarted owner's first write beats its old counter
      "1, 999, 2, 1, -1",
      "2, 0, 1, 999, 1",
      "0, 0, 0, 1, -1"})
  void comparesIncarnationFirstThenCounter(long i1, long c1, long i2, long c2, int expected) {
    assertEquals(expected, Integer.signum(v(i1, c1).compareTo(v(i2, c2))));
    assertEquals(expected > 0, v(i1, c1).isNewerThan(v(i2, c2)));
  }

  @Test
  void zeroIsBelowEveryWrite() {
    assertTrue(v(0, 1).isNewerThan(Version.ZERO));
    assertTrue(v(1, 0).isNewerThan(Version.ZERO));
    assertFalse(Version.ZERO.isNewerThan(Version.ZERO));
  }

  @Test
  void nextKeepsTheIncarnation() {
    assertEquals(v(3, 8), v(3, 7).next());
    assertThrows(ArithmeticException.class, () -> v(3, Long.MAX_VALUE).next());
  }

  @Test
  void maxPicksTheNewer() {
    assertEquals(v(2, 1), Version.max(v(1, 9), v(2, 1)));
    assertEquals(v(2, 1), Version.max(v(2, 1), v(1, 9)));
  }

  @Test
  void negativePartsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> v(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> v(0, -1));
  }

  @Test
  void printsAsIncarnationDotCounter() {
    assertEquals("4.17", v(4, 17).toString());
  }
}
