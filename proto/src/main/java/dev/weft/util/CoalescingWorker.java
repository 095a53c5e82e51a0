package dev.weft.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one pass of some work on its own thread whenever asked, with requests coalesced: while a
 * pass waits to start, further requests add nothing, and a request during a pass makes one more
 * pass after it. For control loops that recompute everything from current state each time (the
 * leader's task loop, a node's task runner), where running once per burst of changes is enough.
 */
public final class CoalescingWorker implements AutoCloseable {
  private final Runnable pass;
  private final ExecutorService thread;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean closed;

  /** @param name the worker thread's name */
  public CoalescingWorker(String name, Runnable pass) {
    this.pass = pass;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Asks for a pass; one waiting pass covers any number of requests. */
  public void trigger() {
    if (!closed && pending.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          pending.set(false);
          if (!closed) {
            pass.run();
          }
        });
      } catch (RejectedExecutionException e) {
        pending.set(false);
      }
    }
  }

  /** Stops: no new pass starts, a running one is interrupted. */
  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
  }
}
