package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      "0.0.0.0, 0",
      "0.0.0.1, 1",
      "0.0.1.0, 256",
      "198.18.0.1, 3323068417",
      "198.19.0.2, 3323133954",
      "255.255.255.255, 4294967295"})
  void parsesFourDecimalOctetsAsAnUnsigned32BitValue(String text, long value) {
    assertEquals(value, Ipv4.parse(text));
    assertTrue(Ipv4.isIpv4(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.00", "a.b.c.d",
      "", "1..3.4", "1.2.3.4.", ".1.2.3", "-1.2.3.4", "+1.2.3.4", "1.2.3.4/24", "0x1.2.3.4", "1000.2.3.4",
      "1.2.3.4 5", "1 .2.3.4"})
  void rejectsAnythingButFourPlainDecimalOctets(String text) {
    var e = assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(text));
    assertTrue(e.getMessage().startsWith("invalid IPv4 address '"), e.getMessage());
    assertFalse(Ipv4.isIpv4(text));
  }

  @Test
  void nullIsNotAnAddress() {
    assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(null));
    assertFalse(Ipv4.isIpv4(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "198.18.0.1", "198.19.0.10", "198.19.255.254", "255.255.255.255", "198.18.0.0"})
  void formatIsTheInverseOfParse(String text) {
    assertEquals(text, Ipv4.format(Ipv4.parse(text)));
  }

  @Test
  void parseIsTheInverseOfFormatOverTheWholeRange() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long value = random.nextLong(0x1_0000_0000L);
      assertEquals(value, Ipv4.parse(Ipv4.format(value)), Long.toHexString(value));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "198.19.0.2, 02:42:c6:13:00:02",
      "198.18.10.255, 02:42:c6:12:0a:ff",
      "0.0.0.0, 02:42:00:00:00:00",
      "255.255.255.255, 02:42:ff:ff:ff:ff"})
  void macIsDockers0242FollowedByTheOctetsInLowerCaseHex(String address, String mac) {
    assertEquals(mac, Ipv4.macFor(Ipv4.parse(address)));
  }
}
