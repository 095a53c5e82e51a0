package dev.weft.gossip.table;

import static dev.weft.gossip.table.Records.NET;
import static dev.weft.gossip.table.Records.live;
import static dev.weft.gossip.table.Records.table;
import static dev.weft.gossip.table.Records.tomb;
import static dev.weft.gossip.table.Records.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.table.Change.Added;
import dev.weft.gossip.table.Change.Cause;
import dev.weft.gossip.table.Change.Removed;
import dev.weft.gossip.table.Change.Updated;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Own writes and pushed records: the newer-wins, tombstone and single-writer rules. */
class EndpointTableTest {
  private final EndpointTable a = table("node-a", 1);

  @Test
  void newerVersionReplacesTheStoredRecord() {
    EndpointRecord first = live("node-b", "e1", v(1, 1), 2);
    EndpointRecord second = live("node-b", "e1", v(1, 2), 3);
    assertEquals(List.of(new Added(first)), a.merge(List.of(first)));
    assertEquals(List.of(new Updated(first, second)), a.merge(List.of(second)));
    assertEquals(List.of(second), a.live());
  }

  @Test
  void olderVersionIsIgnored() {
    EndpointRecord newer = live("node-b", "e1", v(1, 5), 2);
    a.merge(List.of(newer));
    assertEquals(List.of(), a.merge(List.of(live("node-b", "e1", v(1, 4), 3))));
    assertEquals(List.of(newer), a.live());
  }

  @Test
  void equalVersionIsIgnoredEvenWithAnotherPayload() {
    EndpointRecord stored = live("node-b", "e1", v(1, 5), 2);
    a.merge(List.of(stored));
    assertEquals(List.of(), a.merge(List.of(live("node-b", "e1", v(1, 5), 9))));
    assertEquals(List.of(stored), a.live());
  }

  @Test
  void restartedOwnersFirstWriteBeatsItsOldCounter() {
    EndpointRecord old = live("node-b", "e1", v(1, 999), 2);
    EndpointRecord fresh = live("node-b", "e1", v(2, 1), 3);
    a.merge(List.of(old));
    assertEquals(List.of(new Updated(old, fresh)), a.merge(List.of(fresh)));
    assertEquals(List.of(), a.merge(List.of(old)), "the old life must not win back");
    assertEquals(List.of(fresh), a.live());
  }

  @Test
  void anUnknownLiveRecordFromAnOwnersEarlierLifeIsIgnored() {
    a.merge(List.of(live("node-b", "e2", v(2, 1), 2)));
    assertEquals(List.of(), a.merge(List.of(live("node-b", "e1", v(1, 5), 3))),
        "had e1 survived the restart, node-b would have re-announced it");
    assertEquals(List.of("e2"), a.live().stream().map(EndpointRecord::endpointId).toList());
  }

  @Test
  void reannouncingWithTheSamePayloadIsNoVisibleChange() {
    EndpointRecord old = live("node-b", "e1", v(1, 7), 2, "db");
    a.merge(List.of(old));
    assertEquals(List.of(), a.merge(List.of(old.withVersion(v(2, 1)))));
    assertEquals(v(2, 1), a.live().getFirst().version());
  }

  @Test
  void tombstoneBeatsAnOlderPutAndAReplayDoesNotResurrect() {
    EndpointRecord put = live("node-b", "e1", v(1, 1), 2);
    a.merge(List.of(put));
    assertEquals(List.of(new Removed(put, Cause.DELETED)), a.merge(List.of(tomb("node-b", "e1", v(1, 2)))));
    assertEquals(List.of(), a.merge(List.of(put)));
    assertEquals(List.of(), a.live());
    assertEquals(1, a.storedCount(), "the tombstone is kept");
  }

  @Test
  void tombstoneArrivingBeforeItsPutWins() {
    assertEquals(List.of(), a.merge(List.of(tomb("node-b", "e1", v(1, 2)), live("node-b", "e1", v(1, 1), 2))));
    assertEquals(List.of(), a.live());
  }

  @Test
  void newerPutAfterATombstoneBringsTheEndpointBack() {
    a.merge(List.of(tomb("node-b", "e1", v(1, 2))));
    EndpointRecord again = live("node-b", "e1", v(1, 3), 2);
    assertEquals(List.of(new Added(again)), a.merge(List.of(again)));
  }

  @Test
  void endpointsOfDifferentOwnersAreKeptApart() {
    EndpointRecord ofB = live("node-b", "e1", v(9, 9), 2);
    EndpointRecord ofC = live("node-c", "e1", v(1, 1), 3);
    a.merge(List.of(ofB, ofC));
    assertEquals(List.of(ofB, ofC), a.live());
  }

  @Test
  void ownWritesReportTheirChanges() {
    EndpointRecord first = live("node-a", "e1", v(1, 1), 2);
    EndpointRecord moved = live("node-a", "e1", v(1, 2), 3);
    assertEquals(List.of(new Added(first)), a.put(first));
    assertEquals(List.of(new Updated(first, moved)), a.put(moved));
    assertEquals(List.of(new Removed(moved, Cause.DELETED)), a.delete("e1", v(1, 3)));
    assertEquals(List.of(), a.delete("e1", v(1, 4)), "deleting twice does nothing");
    assertEquals(List.of(), a.delete("never-there", v(1, 4)));
    assertEquals(v(1, 3), a.lastOwnVersion());
    assertEquals(List.of(tomb("node-a", "e1", v(1, 3))), a.missingFor(java.util.Map.of()));
  }

  @Test
  void nextVersionStartsAtOneInTheTablesIncarnation() {
    EndpointTable restarted = table("node-a", 7);
    assertEquals(v(7, 0), restarted.lastOwnVersion());
    assertEquals(v(7, 1), restarted.nextVersion());
    restarted.put(live("node-a", "e1", restarted.nextVersion(), 2));
    assertEquals(v(7, 2), restarted.nextVersion());
  }

  @Test
  void aNodeWritesOnlyItsOwnEndpointsWithIncreasingVersions() {
    a.put(live("node-a", "e1", v(1, 5), 2));
    assertThrows(IllegalArgumentException.class, () -> a.put(live("node-b", "e2", v(1, 6), 3)));
    assertThrows(IllegalArgumentException.class, () -> a.put(live("node-a", "e2", v(1, 5), 3)));
    assertThrows(IllegalArgumentException.class, () -> a.put(live("node-a", "e2", v(1, 4), 3)));
    assertThrows(IllegalArgumentException.class, () -> a.put(live("node-a", "e2", v(2, 1), 3)));
    assertThrows(IllegalArgumentException.class, () -> a.put(tomb("node-a", "e1", v(1, 6))));
    assertThrows(IllegalArgumentException.class, () -> a.delete("e1", v(1, 5)));
    EndpointRecord otherNet = new EndpointRecord("e2", "net-b", "198.18.0.3", "02:42:c6:12:00:03",
        "198.19.0.1", "x", List.of(), "node-a", v(1, 6), false);
    assertThrows(IllegalArgumentException.class, () -> a.put(otherNet));
    assertThrows(IllegalArgumentException.class, () -> a.merge(List.of(otherNet)));
  }

  @Test
  void ownRecordsSentBackByPeersAreIgnored() {
    EndpointTable restarted = table("node-a", 2);
    assertEquals(List.of(), restarted.merge(List.of(live("node-a", "e1", v(1, 5), 2))));
    assertEquals(List.of(), restarted.merge(List.of(live("node-a", "e1", v(2, 9), 2))));
    assertEquals(List.of(), restarted.live());
  }

  @Test
  void liveIsSortedByEndpointIdAndLeavesTombstonesOut() {
    a.merge(List.of(live("node-c", "e3", v(1, 1), 3), live("node-b", "e1", v(1, 1), 1),
        live("node-b", "e2", v(1, 1), 2), tomb("node-b", "e0", v(1, 2))));
    assertEquals(List.of("e1", "e2", "e3"), a.live().stream().map(EndpointRecord::endpointId).toList());
  }

  @Test
  void byNameAnswersNamesAndAliasesOfLiveEndpoints() {
    a.merge(List.of(live("node-b", "e1", v(1, 1), 12, "db"), live("node-c", "e2", v(1, 1), 3, "db"),
        live("node-c", "e3", v(1, 1), 4, "db")));
    a.merge(List.of(tomb("node-c", "e3", v(1, 2))));
    assertEquals(List.of("198.18.0.12", "198.18.0.3"), a.byName("DB"));
    assertEquals(List.of("198.18.0.12"), a.byName("ctr-e1"));
    assertEquals(List.of(), a.byName("ctr-e3"));
    assertTrue(a.byName("nobody").isEmpty());
  }

  @Test
  void constructorNeedsANetworkAndANode() {
    assertThrows(IllegalArgumentException.class, () -> new EndpointTable(" ", "node-a", 1));
    assertThrows(IllegalArgumentException.class, () -> new EndpointTable(NET, null, 1));
    assertThrows(IllegalArgumentException.class, () -> new EndpointTable(NET, "node-a", -1));
  }
}
