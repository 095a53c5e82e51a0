package dev.weft.cli;

import dev.weft.proto.ContainerRef;
import dev.weft.proto.LogChunk;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Fetch the logs of a container.")
final class Logs implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Parameters(index = "0", paramLabel = "CONTAINER")
  String ref;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      print(daemon, ref, follow, spec.commandLine().getOut());
      return 0;
    }
  }

  /** Prints the log; returns the exit code when following ended with the container's exit. */
  private static int print(DaemonClient daemon, String ref, boolean follow, PrintWriter out) {
    Iterator<LogChunk> chunks = daemon.containersNoDeadline()
        .logs(ContainerRef.newBuilder().setRef(ref).setFollow(follow).build());
    int exitCode = 0;
    while (chunks.hasNext()) {
      LogChunk chunk = chunks.next();
      if (chunk.getExited()) {
        exitCode = chunk.getExitCode();
      }
      out.print(chunk.getData().toString(StandardCharsets.UTF_8));
      out.flush();
    }
    return exitCode;
  }

  /** Streams a container's output until it exits; returns its exit code (run without -d). */
  static int follow(DaemonClient daemon, String id, PrintWriter out) {
    return print(daemon, id, true, out);
  }
}
