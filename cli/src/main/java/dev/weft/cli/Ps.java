package dev.weft.cli;

import dev.weft.proto.Container;
import dev.weft.proto.ContainerListRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ps", aliases = {"ls", "list"}, mixinStandardHelpOptions = true, description = "List containers.")
final class Ps implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
  boolean quiet;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      var containers = daemon.containers().list(ContainerListRequest.newBuilder().setAll(all).build()).getContainersList();
      var out = spec.commandLine().getOut();
      if (quiet) {
        containers.forEach(c -> out.println(ContainerText.shortId(c.getId())));
        return 0;
      }
      Instant now = Instant.now();
      Table table = new Table("CONTAINER ID", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
      for (Container c : containers) {
        String command = String.join(" ", c.getSpec().getCommandList());
        table.row(ContainerText.shortId(c.getId()),
            "\"" + (command.length() > 20 ? command.substring(0, 19) + "…" : command) + "\"",
            ContainerText.ago(Duration.between(Instant.ofEpochMilli(c.getCreatedUnixMs()), now)) + " ago",
            ContainerText.status(c, now), ContainerText.ports(c), c.getSpec().getName());
      }
      table.print(out);
      return 0;
    }
  }
}
