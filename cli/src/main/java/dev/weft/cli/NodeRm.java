package dev.weft.cli;

import dev.weft.proto.RemoveNodeRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more nodes from the swarm.")
final class NodeRm implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Force remove a node from the swarm")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "NODE")
  List<String> refs;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      for (String ref : refs) {
        daemon.control().removeNode(RemoveNodeRequest.newBuilder().setRef(ref).setForce(force).build());
        spec.commandLine().getOut().println(ref);
      }
      return 0;
    }
  }
}
