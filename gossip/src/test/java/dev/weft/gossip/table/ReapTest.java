package dev.weft.gossip.table;

import static dev.weft.gossip.table.Records.live;
import static dev.weft.gossip.table.Records.sync;
import static dev.weft.gossip.table.Records.table;
import static dev.weft.gossip.table.Records.tomb;
import static dev.weft.gossip.table.Records.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gossip.table.Change.Added;
import dev.weft.gossip.table.Change.Cause;
import dev.weft.gossip.table.Change.Removed;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dead owners, restarted owners and tombstones: what is kept, and for how long. */
class ReapTest {
  private static final long RETENTION = 30_000;
  private static final long TTL = 300_000;
  private static final ReapPolicy POLICY =
      new ReapPolicy(Duration.ofMillis(RETENTION), Duration.ofMillis(TTL));
  private static final long T0 = 1_000_000;

  private final EndpointTable a = table("node-a", 1);
  private final EndpointTable b = table("node-b", 1);
  private final EndpointRecord e1 = live("node-a", "e1", v(1, 1), 1);

  @Test
  void aDownOwnersEntriesStayVisibleUntilTheRetentionHasPassed() {
    a.put(e1);
    sync(b, a);
    b.ownerDown("node-a", T0);
    assertEquals(Set.of("node-a"), b.downOwners());
    assertEquals(List.of(), b.reap(T0 + RETENTION - 1, POLICY));
    assertEquals(List.of(e1), b.live());
    assertEquals(List.of("198.18.0.1"), b.byName("ctr-e1"));
    assertEquals(List.of(new Removed(e1, Cause.OWNER_DOWN)), b.reap(T0 + RETENTION, POLICY));
    assertEquals(List.of(), b.live());
    assertEquals(0, b.storedCount());
  }

  @Test
  void markingDownAgainKeepsTheFirstTime() {
    b.merge(List.of(e1));
    b.ownerDown("node-a", T0);
    b.ownerDown("node-a", T0 + 10_000);
    assertEquals(List.of(new Removed(e1, Cause.OWNER_DOWN)), b.reap(T0 + RETENTION, POLICY));
  }

  @Test
  void ownerUpCancelsThePendingRemoval() {
    b.merge(List.of(e1));
    b.ownerDown("node-a", T0);
    b.ownerUp("node-a");
    assertEquals(Set.of(), b.downOwners());
    assertEquals(List.of(), b.reap(T0 + 10 * RETENTION, POLICY));
    assertEquals(List.of(e1), b.live());
  }

  @Test
  void recordsMergedWhileTheOwnerIsDownGoWithTheRest() {
    b.ownerDown("node-a", T0);
    b.merge(List.of(e1));
    assertEquals(List.of(e1), b.live());
    assertEquals(List.of(new Removed(e1, Cause.OWNER_DOWN)), b.reap(T0 + RETENTION, POLICY));
  }

  @Test
  void afterTheRemovalTheOwnersRecordsAreIgnoredUntilItIsBackAndThenPulledAgain() {
    a.put(e1);
    EndpointTable c = table("node-c", 1);
    sync(c, a);
    sync(b, a);
    b.ownerDown("node-a", T0);
    b.reap(T0 + RETENTION, POLICY);
    EndpointRecord e2 = live("node-a", "e2", v(1, 2), 2);
    a.put(e2);
    assertEquals(List.of(), b.merge(List.of(e2)));
    assertEquals(List.of(), sync(b, a), "a reaped owner's records stay out while it is down");
    b.ownerUp("node-a");
    assertEquals(List.of(new Added(e1)), sync(b, c), "the digest was reset, so everything is pulled");
    assertEquals(List.of(new Added(e2)), sync(b, a));
    assertEquals(a.live(), b.live());
  }

  @Test
  void aNodeCannotMarkItselfDown() {
    assertThrows(IllegalArgumentException.class, () -> a.ownerDown("node-a", T0));
  }

  @Test
  void anOldLifesEntriesGoAfterTheRetentionUnlessReannounced() {
    EndpointRecord e2 = live("node-a", "e2", v(1, 2), 2);
    a.put(e1);
    a.put(e2);
    sync(b, a);
    EndpointTable restarted = table("node-a", 2);
    restarted.put(e1.withVersion(v(2, 1)));
    assertEquals(List.of(), sync(b, restarted), "re-announcing e1 changes nothing visible");
    assertEquals(List.of(), b.reap(T0, POLICY), "the first reap only notes when e2 became stale");
    assertEquals(List.of(), b.reap(T0 + RETENTION - 1, POLICY));
    assertEquals(List.of(e1.withVersion(v(2, 1)), e2), b.live());
    assertEquals(List.of(new Removed(e2, Cause.OWNER_RESTARTED)), b.reap(T0 + RETENTION, POLICY));
    assertEquals(List.of(e1.withVersion(v(2, 1))), b.live());
    assertEquals(List.of(), b.merge(List.of(e2)), "a replay of the old life stays out");
  }

  @Test
  void tombstonesAreDroppedAfterTheTtlWithoutAVisibleChange() {
    b.merge(List.of(e1, tomb("node-a", "e1", v(1, 2))));
    assertEquals(1, b.storedCount());
    b.reap(T0, POLICY);
    assertEquals(List.of(), b.reap(T0 + TTL - 1, POLICY));
    assertEquals(1, b.storedCount());
    assertEquals(List.of(), b.reap(T0 + TTL, POLICY));
    assertEquals(0, b.storedCount());
  }

  @Test
  void aNodeThatSawTheDeleteDoesNotTakeTheOldPutBackAfterTheTtl() {
    a.put(e1);
    a.delete("e1", v(1, 2));
    sync(b, a); // b now covers node-a up to 1.2
    b.reap(T0, POLICY);
    b.reap(T0 + TTL, POLICY);
    assertEquals(0, b.storedCount());
    assertEquals(List.of(), b.merge(List.of(e1)), "a stale push of the old put is obsolete");
    assertEquals(List.of(), b.live());
  }

  @Test
  void withinTheTtlAPeerThatMissedTheDeleteLearnsIt() {
    EndpointTable stale = table("node-c", 1);
    a.put(e1);
    sync(b, a);
    sync(stale, a);
    a.delete("e1", v(1, 2));
    sync(b, a);
    for (EndpointTable t : List.of(a, b)) {
      t.reap(T0, POLICY);
      t.reap(T0 + TTL - 1, POLICY);
    }
    assertEquals(List.of(new Removed(e1, Cause.DELETED)), sync(stale, b));
    assertEquals(List.of(), stale.live());
  }

  /**
   * The documented limit: once every peer has dropped the tombstone, a node that missed the delete
   * keeps the old put (until its owner restarts or is reaped as down). This pins the boundary; it
   * is why {@link ReapPolicy} requires the TTL to clear the partition bound.
   */
  @Test
  void beyondTheTtlAPeerThatMissedTheDeleteKeepsTheOldPut() {
    EndpointTable stale = table("node-c", 1);
    a.put(e1);
    sync(b, a);
    sync(stale, a);
    a.delete("e1", v(1, 2));
    sync(b, a);
    for (EndpointTable t : List.of(a, b)) {
      t.reap(T0, POLICY);
      t.reap(T0 + TTL, POLICY);
    }
    assertEquals(List.of(), sync(stale, b));
    assertEquals(List.of(e1), stale.live());
    stale.ownerDown("node-a", T0);
    assertEquals(List.of(new Removed(e1, Cause.OWNER_DOWN)), stale.reap(T0 + RETENTION, POLICY));
  }
}
