package dev.weft.agent.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a container's process. In a namespace: {@code ip netns exec NS unshare --uts sh -c
 * 'hostname "$0"; exec "$@"' HOSTNAME COMMAND…}, which execs all the way down, so the pid is the
 * command's. Output (stdout and stderr) is appended to the container's log file.
 */
public final class Launcher {
  /** The argv that starts {@code command} in {@code netns} (null: the host's network). */
  static List<String> argv(String netns, String hostname, List<String> command) {
    List<String> argv = new ArrayList<>();
    if (netns != null) {
      argv.addAll(List.of("ip", "netns", "exec", netns, "unshare", "--uts", "sh", "-c",
          "hostname \"$0\" && exec \"$@\"", hostname));
    }
    argv.addAll(command);
    return argv;
  }

  public Process start(String netns, String hostname, List<String> command, List<String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(argv(netns, hostname, command));
      for (String kv : env) {
        builder.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      Process process = builder
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
  }

  /** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or -1. */
  public static long startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[19]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
