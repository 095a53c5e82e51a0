package dev.weft.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {
  private static final int DEFAULT = 2377;

  @ParameterizedTest(name = "{0} -> {1} port {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "example.com            | example.com | 2377",
      "example.com:80         | example.com | 80",
      "198.18.0.1:2378        | 198.18.0.1  | 2378",
      "\"  198.18.0.1:1  \"   | 198.18.0.1  | 1",
      "198.18.0.1:65535       | 198.18.0.1  | 65535",
      "[fe80::1]:2377         | fe80::1     | 2377",
      "[2001:db8::7]:9        | 2001:db8::7 | 9",
      "[::1]                  | ::1         | 2377",
      "::1                    | ::1         | 2377",
  })
  void parses(String text, String host, int port) {
    assertEquals(new HostPort(host, port), HostPort.parse(text, DEFAULT));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "host:0          | outside 1-65535",
      "host:65536      | outside 1-65535",
      "host:-1         | outside 1-65535",
      "host:abc        | invalid port 'abc'",
      "host:           | invalid port ''",
      ":80             | no host",
      "[]:80           | no host",
      "[::1            | missing ']'",
      "[::1]80         | invalid address '[::1]80'",
      "[::1]:x         | invalid port 'x'",
  })
  void rejectsWithAReason(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text, DEFAULT));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void rejectsEmptyAddresses() {
    for (String empty : new String[] {null, "", "   "}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HostPort.parse(empty, DEFAULT));
      assertTrue(e.getMessage().startsWith("empty address"), e.getMessage());
    }
  }

  @Test
  void toStringParsesBackToTheSameAddress() {
    for (HostPort address : new HostPort[] {
        new HostPort("198.18.2.3", 2377), new HostPort("fe80::1", 4789), new HostPort("node-1", 1)}) {
      assertEquals(address, HostPort.parse(address.toString(), 9999));
    }
    assertEquals("[fe80::1]:4789", new HostPort("fe80::1", 4789).toString());
  }
}
