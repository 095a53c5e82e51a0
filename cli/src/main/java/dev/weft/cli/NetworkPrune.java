package dev.weft.cli;

import dev.weft.proto.Empty;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove all unused networks.")
final class NetworkPrune implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
  boolean force;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    if (!force) {
      out.print("WARNING! This will remove all custom networks not used by at least one container.\n"
          + "Are you sure you want to continue? [y/N] ");
      out.flush();
      String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        return 0;
      }
    }
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      var removed = daemon.networks().prune(Empty.getDefaultInstance()).getRemovedList();
      if (!removed.isEmpty()) {
        out.println("Deleted Networks:");
        removed.forEach(out::println);
      }
      return 0;
    }
  }
}
