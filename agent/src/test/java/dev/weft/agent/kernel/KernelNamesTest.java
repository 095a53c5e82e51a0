package dev.weft.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelNamesTest {
  private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final KernelNames MINE = new KernelNames("ab12");
  private static final KernelNames THEIRS = new KernelNames("ab13");

  /** Pinned: a changed derivation would orphan every device a running daemon made before an upgrade. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"/var/lib/weft, d98f", "/var/lib/weft2, 32ea", "/tmp/lab/node-1, 6e22"})
  void prefixIsTheFirstFourHexDigitsOfTheDataRootsSha256(String dataRoot, String prefix) {
    assertEquals(prefix, KernelNames.forDataRoot(dataRoot).prefix());
    assertEquals(KernelNames.forDataRoot(dataRoot), KernelNames.forDataRoot(dataRoot));
  }

  @Test
  void differentDataRootsGetDifferentPrefixes() {
    assertNotEquals(KernelNames.forDataRoot("/var/lib/weft").prefix(), KernelNames.forDataRoot("/var/lib/weft2").prefix());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab1", "ab123", "AB12", "ab1g", "ab-1"})
  void prefixMustBeFourLowerCaseHexDigits(String prefix) {
    assertThrows(IllegalArgumentException.class, () -> new KernelNames(prefix));
  }

  @Test
  void interfaceNamesFitLinuxsFifteenCharacters() {
    for (String name : List.of(MINE.bridge(ID), MINE.hostVeth(ID), MINE.movingDevice(ID))) {
      assertTrue(name.length() <= 15, name + " is " + name.length() + " characters");
      assertTrue(name.matches("[a-z0-9]+"), name);
    }
  }

  @Test
  void namesCarryThePrefixAndTheIdsStart() {
    assertEquals("wbab12012345678", MINE.bridge(ID));
    assertEquals("wvab12012345678", MINE.hostVeth(ID));
    assertEquals("wmab12012345678", MINE.movingDevice(ID));
    assertEquals("weft-ab12-0123456789ab", MINE.netns(ID));
    assertEquals("weft_ab12", MINE.nftTable());
  }

  @Test
  void ownsItsOwnLinks() {
    assertTrue(MINE.ownsLink(MINE.bridge(ID)));
    assertTrue(MINE.ownsLink(MINE.hostVeth(ID)));
    assertTrue(MINE.ownsLink(MINE.movingDevice(ID)));
    assertTrue(MINE.ownsLink(MINE.vxlan(ID)), "a vxlan device left in the host namespace is ours to clean up");
    assertTrue(MINE.ownsNetns(MINE.overlayNetns(ID)));
  }

  @Test
  void doesNotOwnAnotherDaemonsLinks() {
    assertFalse(MINE.ownsLink(THEIRS.bridge(ID)));
    assertFalse(MINE.ownsLink(THEIRS.hostVeth(ID)));
    assertFalse(MINE.ownsLink(THEIRS.movingDevice(ID)));
    assertFalse(THEIRS.ownsLink(MINE.bridge(ID)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lo", "eth0", "docker0", "wlan0", "wb", "wbab12", "wzab12012345", "vethab12012", "br-ab12012345",
      "Wbab12012345", "wgab12"})
  void doesNotOwnOtherInterfaces(String name) {
    assertFalse(MINE.ownsLink(name));
  }

  @Test
  void ownsItsOwnNamespacesOnly() {
    assertTrue(MINE.ownsNetns(MINE.netns(ID)));
    assertFalse(MINE.ownsNetns(THEIRS.netns(ID)));
    assertFalse(THEIRS.ownsNetns(MINE.netns(ID)));
    assertFalse(MINE.ownsNetns("weft-ab12"));
    assertFalse(MINE.ownsNetns("weft-ab123-0123456789ab"));
    assertFalse(MINE.ownsNetns("cni-0123"));
  }
}
