package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RejoinTimerTest {

  @Test
  void dueOnceAloneLongEnoughThenAgainAfterAnotherPeriod() {
    RejoinTimer timer = new RejoinTimer(1_500);
    assertFalse(timer.due(0, true, 1_000), "the first lonely tick starts the clock");
    assertFalse(timer.due(0, true, 2_000));
    assertTrue(timer.due(0, true, 2_500));
    assertFalse(timer.due(0, true, 3_000), "a failed rejoin is retried a period later");
    assertTrue(timer.due(0, true, 4_000));
  }

  @Test
  void companyResetsTheClock() {
    RejoinTimer timer = new RejoinTimer(1_500);
    timer.due(0, true, 0);
    assertFalse(timer.due(2, true, 1_000));
    assertFalse(timer.due(0, true, 2_000));
    assertFalse(timer.due(0, true, 3_000));
    assertTrue(timer.due(0, true, 3_500));
  }

  @Test
  void withoutSeedsThereIsNothingToRejoin() {
    RejoinTimer timer = new RejoinTimer(1_000);
    timer.due(0, false, 0);
    assertFalse(timer.due(0, false, 10_000));
    assertTrue(timer.due(0, true, 10_001), "seeds given later count the time already alone");
    assertThrows(IllegalArgumentException.class, () -> new RejoinTimer(0));
  }

  @Test
  void aFailedRejoinIsDueAgainAtOnceUntilOneSucceeds() {
    RejoinTimer timer = new RejoinTimer(1_500);
    timer.due(0, true, 0);
    assertTrue(timer.due(0, true, 1_500));
    timer.failed();
    assertTrue(timer.retrying());
    assertTrue(timer.due(0, true, 2_500), "a second later, not another alone period later");
    assertFalse(timer.due(0, false, 2_500), "without seeds there is nothing to retry through");
    timer.succeeded();
    assertFalse(timer.retrying());
    assertFalse(timer.due(0, true, 3_500), "after a rejoin the alone period counts again");
  }

  @Test
  void noRejoinIsDueWhileOneIsUnderWay() {
    RejoinTimer timer = new RejoinTimer(1_500);
    timer.due(0, true, 0);
    assertTrue(timer.due(0, true, 1_500));
    timer.started();
    assertFalse(timer.due(0, true, 9_000), "the member being started may still find the others");
    timer.failed();
    assertTrue(timer.due(0, true, 9_100), "once it failed, retried at the next tick");
    timer.started();
    timer.succeeded();
    assertFalse(timer.due(0, true, 9_200));
  }
}
