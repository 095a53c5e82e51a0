package dev.weft.chaos;

import dev.weft.lab.Lab;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints every host's daemon log when a chaos test fails, before the lab is torn down. */
public final class DumpOnFailure implements TestWatcher {
  static volatile Lab lab;

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (lab != null) {
      System.out.println("=== state of lab " + lab.name() + " after " + context.getDisplayName() + " failed ===");
      System.out.println(lab.dump());
    }
  }
}
