package dev.weft.gossip.table;

import static dev.weft.gossip.table.Records.NET;
import static dev.weft.gossip.table.Records.live;
import static dev.weft.gossip.table.Records.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointRecordTest {

  private static EndpointRecord withIp(String ip) {
    return new EndpointRecord("e1", NET, ip, "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(), "n1",
        v(1, 1), false);
  }

  @Test
  void macIsStoredInLowerCaseAndAliasesAreCopied() {
    List<String> aliases = new ArrayList<>(List.of("db"));
    EndpointRecord r = new EndpointRecord("e1", NET, "198.18.0.5", "02:42:C6:12:00:0A", "198.19.0.1",
        "web", aliases, "n1", v(1, 1), false);
    aliases.add("later");
    assertEquals("02:42:c6:12:00:0a", r.mac());
    assertEquals(List.of("db"), r.aliases());
    assertThrows(UnsupportedOperationException.class, () -> r.aliases().add("x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.18.0.5", "0.0.0.0", "255.255.255.255", "fd00::5", "fd00:0:0:1::a",
      "::ffff:198.18.0.1"})
  void acceptsIpLiterals(String ip) {
    assertEquals(ip, withIp(ip).ip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "198.18.0", "198.18.0.256", "198.18.0.05x", "host.example",
      "fd00", "198.18.0.1/24"})
  void rejectsWhatIsNotAnIpLiteral(String ip) {
    assertThrows(IllegalArgumentException.class, () -> withIp(ip));
  }

  @Test
  void rejectsMissingOrMalformedFields() {
    Version v = v(1, 1);
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord(" ", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(), "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e 1", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(), "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", null, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(), "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(), "", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5",
        "02:42:c6:12:00", "198.19.0.1", "web", List.of(), "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "", List.of(), "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(" "), "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", null, "n1", v, false));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5",
        "02:42:c6:12:00:05", "198.19.0.1", "web", List.of(), "n1", null, false));
  }

  @Test
  void tombstonesCarryNoPayload() {
    EndpointRecord t = EndpointRecord.tombstone("e1", NET, "n1", v(1, 2));
    assertTrue(t.deleted());
    assertEquals(t, EndpointRecord.tombstone("e1", NET, "n1", v(1, 2)));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, "198.18.0.5", "",
        "", "", List.of(), "n1", v(1, 2), true));
    assertThrows(IllegalArgumentException.class, () -> new EndpointRecord("e1", NET, null, "", "", "",
        List.of(), "n1", v(1, 2), true));
  }

  @Test
  void samePayloadIgnoresTheVersionOnly() {
    EndpointRecord r = live("n1", "e1", v(1, 1), 5, "db");
    assertTrue(r.samePayload(r.withVersion(v(2, 1))));
    assertFalse(r.samePayload(live("n1", "e1", v(1, 1), 6, "db")));
    assertFalse(r.samePayload(live("n1", "e1", v(1, 1), 5, "cache")));
    assertFalse(r.samePayload(live("n2", "e1", v(1, 1), 5, "db")));
    assertFalse(r.samePayload(Records.tomb("n1", "e1", v(1, 2))));
  }

  @Test
  void answersToItsNameAndAliasesIgnoringCase() {
    EndpointRecord r = live("n1", "e1", v(1, 1), 5, "db", "primary");
    assertTrue(r.answersTo("ctr-e1"));
    assertTrue(r.answersTo("CTR-E1"));
    assertTrue(r.answersTo("Primary"));
    assertFalse(r.answersTo("e1"));
    assertFalse(Records.tomb("n1", "e1", v(1, 2)).answersTo("ctr-e1"));
  }
}
