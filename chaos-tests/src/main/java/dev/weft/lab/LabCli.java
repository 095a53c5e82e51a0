package dev.weft.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The weft CLI on lab hosts as the chaos tests use it: commands that must succeed, must be
 * refused with a given message, or must come to succeed within a bound; and values read from
 * {@code weft inspect}. Failures are {@link AssertionError}s naming the command, the host and
 * what it printed.
 */
public final class LabCli {
  /** How long {@link #awaitOk} and {@link #awaitOutput} wait. */
  public static final Duration AWAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabCli() {}

  /** Runs {@code weft ARGS} on {@code host}; its stdout, or an error if it did not exit 0. */
  public static String ok(Lab lab, String host, String... args) {
    return LabSwarm.check(lab.weft(host, args), "weft " + String.join(" ", args) + " on " + host);
  }

  /** Waits until {@code weft ARGS} on {@code host} exits 0. */
  public static void awaitOk(Lab lab, String host, String... args) {
    Await.until("weft " + String.join(" ", args) + " on " + host, AWAIT,
        () -> lab.weft(host, args).getExitCode() == 0, () -> lab.weft(host, args).toString());
  }

  /** Waits until the stdout of {@code weft ARGS} on {@code host} contains {@code expected}. */
  public static void awaitOutput(Lab lab, String host, String expected, String... args) {
    Await.until("weft " + String.join(" ", args) + " on " + host, AWAIT,
        () -> lab.weft(host, args).getStdout().contains(expected), () -> lab.weft(host, args).toString());
  }

  /** {@code weft ARGS} on {@code host} must exit 1 and say {@code expected} on stderr. */
  public static void refused(Lab lab, String host, String expected, String... args) {
    ExecResult r = lab.weft(host, args);
    String command = "weft " + String.join(" ", args) + " on " + host;
    if (r.getExitCode() != 1) {
      throw new AssertionError(command + " should be refused (exit 1), exited " + r.getExitCode() + ": "
          + r.getStdout() + r.getStderr());
    }
    if (!r.getStderr().contains(expected)) {
      throw new AssertionError(command + " should say '" + expected + "', said: " + r.getStderr());
    }
  }

  /** A container's IPv4 address on a network, from {@code weft inspect}. */
  public static String ip(Lab lab, String host, String container, String network) {
    try {
      JsonNode c = JSON.readTree(ok(lab, host, "inspect", container)).get(0);
      JsonNode on = c.path("NetworkSettings").path("Networks").path(network);
      if (on.isMissingNode()) {
        throw new AssertionError(container + " on " + host + " is not on " + network + ": " + c.path("NetworkSettings"));
      }
      return on.get("IPAddress").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
