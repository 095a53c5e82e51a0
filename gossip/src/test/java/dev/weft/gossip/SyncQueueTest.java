package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.SyncQueue.Sync;
import org.junit.jupiter.api.Test;

class SyncQueueTest {

  @Test
  void startsAtMostTheLimitAndTheRestWhenOnesEnd() {
    SyncQueue q = new SyncQueue(2);
    for (int i = 0; i < 5; i++) {
      q.offer(new Sync("net", "m" + i));
    }
    assertEquals(new Sync("net", "m0"), q.poll());
    assertEquals(new Sync("net", "m1"), q.poll());
    assertNull(q.poll(), "two in flight");
    q.done();
    assertEquals(new Sync("net", "m2"), q.poll());
    assertEquals(2, q.waiting());
  }

  @Test
  void aWaitingExchangeIsNotQueuedTwiceButMayBeAgainOnceStarted() {
    SyncQueue q = new SyncQueue(1);
    assertTrue(q.offer(new Sync("net", "m0")));
    assertFalse(q.offer(new Sync("net", "m0")));
    assertEquals(new Sync("net", "m0"), q.poll());
    assertTrue(q.offer(new Sync("net", "m0")), "a new round may follow the one in flight");
    assertNull(q.poll());
  }

  @Test
  void clearForgetsInFlightExchanges() {
    SyncQueue q = new SyncQueue(1);
    q.offer(new Sync("net", "m0"));
    q.offer(new Sync("net", "m1"));
    q.poll();
    q.clear();
    assertEquals(0, q.waiting());
    q.offer(new Sync("net", "m2"));
    assertEquals(new Sync("net", "m2"), q.poll());
    q.done();
    q.done(); // an answer of the old link after clear() must not go below zero
    q.offer(new Sync("net", "m3"));
    q.offer(new Sync("net", "m4"));
    assertEquals(new Sync("net", "m3"), q.poll());
    assertNull(q.poll());
  }
}
