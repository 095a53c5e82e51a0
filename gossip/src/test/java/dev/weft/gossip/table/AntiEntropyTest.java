package dev.weft.gossip.table;

import static dev.weft.gossip.table.Records.live;
import static dev.weft.gossip.table.Records.sync;
import static dev.weft.gossip.table.Records.table;
import static dev.weft.gossip.table.Records.tomb;
import static dev.weft.gossip.table.Records.v;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.gossip.table.Change.Added;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Digests, {@code missingFor} and whole sync replies. */
class AntiEntropyTest {
  private static final ReapPolicy POLICY = new ReapPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5));

  private final EndpointTable a = table("node-a", 1);
  private final EndpointTable b = table("node-b", 1);

  private void writeThreeAndDeleteOne() {
    a.put(live("node-a", "e1", v(1, 1), 1));
    a.put(live("node-a", "e2", v(1, 2), 2));
    a.put(live("node-a", "e3", v(1, 3), 3));
    a.delete("e1", v(1, 4));
  }

  @Test
  void missingForReturnsExactlyWhatIsAboveThePeersDigest() {
    writeThreeAndDeleteOne();
    assertEquals(Map.of("node-a", v(1, 4)), a.digest());
    assertEquals(List.of(live("node-a", "e2", v(1, 2), 2), live("node-a", "e3", v(1, 3), 3),
        tomb("node-a", "e1", v(1, 4))), a.missingFor(Map.of()));
    assertEquals(List.of(live("node-a", "e3", v(1, 3), 3), tomb("node-a", "e1", v(1, 4))),
        a.missingFor(Map.of("node-a", v(1, 2))));
    assertEquals(List.of(), a.missingFor(Map.of("node-a", v(1, 4))));
    assertEquals(List.of(), a.missingFor(Map.of("node-a", v(2, 0))));
  }

  @Test
  void missingForSortsByOwnerThenVersion() {
    a.merge(List.of(live("node-c", "e9", v(1, 2), 9), live("node-c", "e8", v(1, 1), 8)));
    a.put(live("node-a", "e7", v(1, 1), 7));
    assertEquals(List.of("e7", "e8", "e9"),
        a.missingFor(Map.of()).stream().map(EndpointRecord::endpointId).toList());
  }

  @Test
  void aReplyBringsThePeerUpToDateAndRaisesItsDigest() {
    writeThreeAndDeleteOne();
    List<Change> changes = sync(b, a);
    assertEquals(List.of(new Added(live("node-a", "e2", v(1, 2), 2)),
        new Added(live("node-a", "e3", v(1, 3), 3))), changes);
    assertEquals(a.live(), b.live());
    assertEquals(v(1, 4), b.digest().get("node-a"));
    assertEquals(List.of(), sync(b, a), "a second exchange has nothing to bring");
    assertEquals(List.of(), a.answer(b.digest()).records());
  }

  @Test
  void pushedRecordsDoNotRaiseTheDigestSoALostOneIsStillRepaired() {
    writeThreeAndDeleteOne();
    // b hears of e3 by push, while the pushes of e1, e2 and the delete were lost
    b.merge(List.of(live("node-a", "e3", v(1, 3), 3)));
    assertFalse(b.digest().containsKey("node-a"), "a push must not claim what came before it");
    sync(b, a);
    assertEquals(a.live(), b.live());
  }

  @Test
  void aJoinerPullsEveryOwnersRecordsFromOnePeer() {
    writeThreeAndDeleteOne();
    b.put(live("node-b", "e5", v(1, 1), 5));
    sync(b, a);
    EndpointTable joiner = table("node-c", 1);
    sync(joiner, b);
    assertEquals(b.live(), joiner.live());
    assertEquals(b.digest().get("node-a"), joiner.digest().get("node-a"));
    assertEquals(b.digest().get("node-b"), joiner.digest().get("node-b"));
    assertEquals(List.of(), sync(joiner, a));
  }

  @Test
  void aReplyRaisesTheDigestOnlyIfTheRequestIsStillCovered() {
    writeThreeAndDeleteOne();
    sync(b, a); // b covers node-a up to 1.4
    a.put(live("node-a", "e4", v(1, 5), 4));
    Map<String, Version> request = b.digest();
    // before the reply arrives, b loses node-a's entries: down, reaped, back up
    b.ownerDown("node-a", 0);
    b.reap(POLICY.ownerRetention().toMillis(), POLICY);
    b.ownerUp("node-a");
    b.merge(a.answer(request)); // holds only e4, the record above 1.4
    assertFalse(b.digest().containsKey("node-a"), "b no longer holds what it asked from");
    sync(b, a);
    assertEquals(a.live(), b.live());
  }

  /** Found by the simulation (seed 9): a node that reaped an owner must not vouch for it. */
  @Test
  void aNodeThatReapedAnOwnerNoLongerVouchesForIt() {
    writeThreeAndDeleteOne();
    sync(b, a);
    b.ownerDown("node-a", 0);
    b.reap(POLICY.ownerRetention().toMillis(), POLICY);
    assertFalse(b.digest().containsKey("node-a"));
    EndpointTable c = table("node-c", 1);
    c.merge(List.of(live("node-a", "e3", v(1, 3), 3))); // by push
    sync(c, b);
    assertFalse(c.digest().containsKey("node-a"), "b sent none of node-a's records");
    sync(c, a);
    assertEquals(a.live(), c.live());
  }

  @Test
  void aRestartedOwnerIsNotSentItsEarlierLife() {
    writeThreeAndDeleteOne();
    sync(b, a);
    EndpointTable restarted = table("node-a", 2);
    assertEquals(Map.of("node-a", v(2, 0)), restarted.digest());
    SyncReply reply = b.answer(restarted.digest());
    assertEquals(List.of(), reply.records());
    restarted.merge(reply);
    assertEquals(List.of(), restarted.live());
  }

  @Test
  void aPeerLearnsOfARestartFromTheDigestAlone() {
    a.put(live("node-a", "e1", v(1, 1), 1));
    sync(b, a);
    EndpointTable restarted = table("node-a", 2); // announces nothing in its new life
    sync(b, restarted);
    assertEquals(v(2, 0), b.digest().get("node-a"));
    EndpointTable c = table("node-c", 1);
    sync(c, b);
    assertEquals(List.of(), c.live(), "old-life records are not passed on");
    b.reap(0, POLICY);
    assertEquals(List.of(new Change.Removed(live("node-a", "e1", v(1, 1), 1), Change.Cause.OWNER_RESTARTED)),
        b.reap(POLICY.ownerRetention().toMillis(), POLICY));
  }

  @Test
  void aReplyForAnotherNetworkIsRefused() {
    EndpointTable other = new EndpointTable("net-b", "node-c", 1);
    assertThrows(IllegalArgumentException.class, () -> a.merge(other.answer(Map.of())));
    assertThrows(IllegalArgumentException.class,
        () -> new SyncReply("net-b", Map.of(), Map.of(), List.of(live("node-a", "e1", v(1, 1), 1))));
  }
}
