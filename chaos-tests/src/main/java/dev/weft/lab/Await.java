package dev.weft.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline; failures say what was awaited and what was last seen. */
public final class Await {
  private Await() {}

  /** Polls every 50 ms; returns the time it took; fails after the timeout. */
  public static Duration until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = condition.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (ok) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + lastSeen.get());
      }
      Lab.sleep(Duration.ofMillis(50));
    }
  }
}
