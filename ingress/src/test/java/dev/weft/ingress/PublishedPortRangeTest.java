package dev.weft.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublishedPortRangeTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 80, 443, 8080, 29999, 30000, 32767, 32768, 65535})
  void portsFrom1To65535MayBePublished(int port) {
    assertEquals(port, PublishedPortRange.validate(port));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 100000, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void portsOutsideTheRangeAreRefusedNamingIt(int port) {
    var e = assertThrows(IllegalArgumentException.class, () -> PublishedPortRange.validate(port));
    assertTrue(e.getMessage().contains("outside 1-65535"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
  }

  @ParameterizedTest(name = "{0} dynamic: {1}")
  @CsvSource({"1, false", "29999, false", "30000, true", "31000, true", "32767, true",
      "32768, false", "65535, false", "0, false", "-30000, false"})
  void dynamicRangeIsDockers30000To32767Inclusive(int port, boolean dynamic) {
    assertEquals(dynamic, PublishedPortRange.isDynamic(port));
  }

  @Test
  void dynamicRangeHas2768Ports() {
    assertEquals(2768, PublishedPortRange.DYNAMIC_SIZE);
    int count = 0;
    for (int port = PublishedPortRange.MIN_PORT; port <= PublishedPortRange.MAX_PORT; port++) {
      if (PublishedPortRange.isDynamic(port)) {
        count++;
      }
    }
    assertEquals(PublishedPortRange.DYNAMIC_SIZE, count);
  }
}
