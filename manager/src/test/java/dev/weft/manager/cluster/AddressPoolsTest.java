package dev.weft.manager.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.AddressPoolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPoolsTest {

  private static AddressPoolSpec validate(List<String> pools, int mask) {
    return AddressPools.validate(pools, mask, AddressPools.DEFAULT_POOL);
  }

  @Test
  void maskZeroMeansTheDefault24() {
    assertEquals(24, validate(List.of(), 0).getMaskLength());
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 24, 29})
  void masksFrom16To29AreAccepted(int mask) {
    assertEquals(mask, validate(List.of("198.18.0.0/15"), mask).getMaskLength());
  }

  @ParameterizedTest
  @ValueSource(ints = {15, 30, 32, -1})
  void masksOutside16To29AreRejected(int mask) {
    var e = assertThrows(IllegalArgumentException.class, () -> validate(List.of("198.18.0.0/15"), mask));
    assertTrue(e.getMessage().contains("between 16 and 29"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(mask)), e.getMessage());
  }

  @Test
  void emptyListMeansTheDaemonDefault() {
    // Checks Docker's documented default pool for swarm-scope networks (AddressPools.DEFAULT_POOL, not test data).
    assertEquals(List.of("10.0.0.0/8"), validate(List.of(), 24).getSubnetsList());
    assertEquals(List.of("198.18.0.0/15"),
        AddressPools.validate(List.of(), 24, "198.18.0.0/15").getSubnetsList());
  }

  @Test
  void poolsAreKeptInOrderAndTrimmed() {
    assertEquals(List.of("198.18.0.0/16", "198.19.0.0/16"),
        validate(List.of(" 198.18.0.0/16 ", "198.19.0.0/16"), 24).getSubnetsList());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "198.18.0.0", "198.18.0.0/33", "198.18.0.0/-1", "198.18.0.0/x", "abc/8", "198.18.0/15", "198.18.0.0.0/15",
      "300.0.0.0/8", "198.256.0.0/16", "198.018.0.0/15", "::/0", "fd00::/8", "", " ", "/8"})
  void malformedCidrsAreRejected(String cidr) {
    var e = assertThrows(IllegalArgumentException.class, () -> validate(List.of(cidr), 24));
    assertTrue(e.getMessage().contains("expected an IPv4 CIDR"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"198.18.0.1/15", "198.18.1.0/16", "198.19.1.128/24"})
  void hostBitsSetAreRejected(String cidr) {
    var e = assertThrows(IllegalArgumentException.class, () -> validate(List.of(cidr), 24));
    assertTrue(e.getMessage().contains("host bits are set"), e.getMessage());
  }

  @Test
  void aPrefixLongerThanTheMaskIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> validate(List.of("198.18.0.0/25"), 24));
    assertTrue(e.getMessage().contains("/25 is longer than the mask length /24"), e.getMessage());
    assertEquals(List.of("198.18.0.0/24"), validate(List.of("198.18.0.0/24"), 24).getSubnetsList(),
        "a pool exactly one subnet wide is fine");
  }

  @Test
  void everyPoolInTheListIsChecked() {
    assertThrows(IllegalArgumentException.class,
        () -> validate(List.of("198.18.0.0/15", "198.18.0.1/15"), 24));
  }

  @Test
  void prefixOfReadsValidCidrs() {
    assertEquals(0, AddressPools.prefixOf("0.0.0.0/0"));
    assertEquals(32, AddressPools.prefixOf("198.18.2.3/32"));
    assertEquals(15, AddressPools.prefixOf("198.18.0.0/15"));
  }
}
