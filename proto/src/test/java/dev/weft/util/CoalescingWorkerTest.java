package dev.weft.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescingWorkerTest {
  @Test
  void requestsDuringAPassMakeExactlyOneMorePass() throws InterruptedException {
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch inFirstPass = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    try (CoalescingWorker worker = new CoalescingWorker("test-worker", () -> {
      int n = passes.incrementAndGet();
      if (n == 1) {
        inFirstPass.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        secondDone.countDown();
      }
    })) {
      worker.trigger();
      assertTrue(inFirstPass.await(5, TimeUnit.SECONDS));
      for (int i = 0; i < 100; i++) {
        worker.trigger(); // all while the first pass runs: one more pass covers them
      }
      release.countDown();
      assertTrue(secondDone.await(5, TimeUnit.SECONDS));
      worker.trigger();
      Thread.sleep(200); // let a wrongly queued extra pass show up
    }
    assertEquals(3, passes.get(), "first pass, one for the burst, one for the last request");
  }
}
