package dev.weft.agent.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs as child processes, with a time limit per command. The output is drained on
 * threads of this class's own, never the common fork-join pool: callers run commands while
 * holding locks, and on a 2-core machine the common pool has a single worker, which a thread
 * waiting for such a lock (a process-exit callback) would otherwise take from them for good.
 */
public final class ProcessRunner implements CommandRunner {
  /** A kernel tool that takes longer than this is stuck (the slowest seen here take ~20 ms). */
  static final long TIMEOUT_SECONDS = 30;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProcessRunner.class);
  private static final java.util.concurrent.ExecutorService READERS =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "weft-process-output");
        t.setDaemon(true);
        return t;
      });

  @Override
  public Result run(List<String> argv, String stdin) {
    long t0 = System.nanoTime();
    try {
      Process process = new ProcessBuilder(argv).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new KernelException(String.join(" ", argv) + " did not finish in " + TIMEOUT_SECONDS + "s", "");
      }
      Result result = new Result(process.exitValue(), out.join(), err.join());
      if (log.isDebugEnabled()) {
        log.debug("{} ms, exit {}: {}", (System.nanoTime() - t0) / 1_000_000, result.exitCode(), String.join(" ", argv));
      }
      return result;
    } catch (IOException e) {
      throw new KernelException("cannot run " + argv.get(0), String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KernelException("interrupted running " + argv.get(0), "");
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
