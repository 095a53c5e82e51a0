package dev.weft.cli;

import dev.weft.proto.ServiceLogLine;
import dev.weft.proto.ServiceLogsRequest;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Fetch the logs of a service's tasks, from every node that runs them.")
final class ServiceLogs implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Option(names = {"-n", "--tail"}, description = "Number of lines to show from the end of each task's log "
      + "(default: all)")
  String tail = "all";

  @Option(names = "--no-task-ids", description = "Do not include task IDs in the output")
  boolean noTaskIds;

  @Option(names = "--raw", description = "Do not prefix lines with the task and node")
  boolean raw;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String ref;

  @Override
  public Integer call() {
    int lines = parseTail(tail);
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      Iterator<ServiceLogLine> stream = daemon.controlNoDeadline().serviceLogs(ServiceLogsRequest.newBuilder()
          .setRef(ref).setFollow(follow).setTail(lines).build());
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      int warnings = 0;
      while (stream.hasNext()) {
        ServiceLogLine line = stream.next();
        if (!line.getWarning().isEmpty()) {
          err.println("warning: " + line.getWarning());
          err.flush();
          warnings++;
          continue;
        }
        String text = line.getLine().toString(StandardCharsets.UTF_8);
        out.println(raw ? text : prefix(line) + "    | " + text);
        out.flush();
      }
      return warnings == 0 ? 0 : 1;
    }
  }

  private String prefix(ServiceLogLine line) {
    String name = line.getTaskName();
    if (noTaskIds) {
      int cut = name.lastIndexOf('.');
      name = cut > 0 ? name.substring(0, cut) : name;
    }
    return name + "@" + line.getNode();
  }

  static int parseTail(String value) {
    if (value.equals("all")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("invalid --tail '" + value + "': give a number of lines (0 or more) or 'all'");
  }
}
