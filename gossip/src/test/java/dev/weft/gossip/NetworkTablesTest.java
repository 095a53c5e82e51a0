package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.EndpointTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkTablesTest {
  private static final long TTL = 10_000;

  @Test
  void aNetworkIsKeptForTheTombstoneTtlAfterItsLastOwnEndpointLeft() {
    NetworkTables tables = new NetworkTables("node-a", 1);
    EndpointTable t = tables.getOrCreate("net-a");
    t.put(record(t, "ep-1"));
    t.put(record(t, "ep-2"));
    tables.ownWritten("net-a", 0);
    t.delete("ep-1", t.nextVersion());
    tables.ownWritten("net-a", 1_000);
    assertTrue(tables.expire(50_000, TTL).isEmpty(), "ep-2 is still there");

    t.delete("ep-2", t.nextVersion());
    tables.ownWritten("net-a", 2_000);
    tables.ownWritten("net-a", 5_000); // a later write without own endpoints does not restart the clock
    assertTrue(tables.expire(11_999, TTL).isEmpty());
    assertEquals(List.of("net-a"), tables.expire(12_000, TTL));
    assertNull(tables.get("net-a"));
    assertEquals(Set.of(), tables.networks());
  }

  @Test
  void republishingCancelsTheExpiry() {
    NetworkTables tables = new NetworkTables("node-a", 1);
    EndpointTable t = tables.getOrCreate("net-a");
    t.put(record(t, "ep-1"));
    t.delete("ep-1", t.nextVersion());
    tables.ownWritten("net-a", 0);
    t.put(record(t, "ep-1"));
    tables.ownWritten("net-a", 3_000);
    assertTrue(tables.expire(100_000, TTL).isEmpty());
    assertNotNull(tables.ownLive("net-a", "ep-1"));
  }

  private static EndpointRecord record(EndpointTable t, String id) {
    return new EndpointRecord(id, t.networkId(), "198.18.0.1", "02:42:c6:12:00:01", "198.19.0.1", "ctr",
        List.of(), t.localNode(), t.nextVersion(), false);
  }
}
