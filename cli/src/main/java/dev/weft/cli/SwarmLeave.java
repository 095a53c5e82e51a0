package dev.weft.cli;

import dev.weft.proto.LeaveRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave the swarm.")
final class SwarmLeave implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Force this node to leave the swarm, ignoring warnings")
  boolean force;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      daemon.swarm().leave(LeaveRequest.newBuilder().setForce(force).build());
      spec.commandLine().getOut().println("Node left the swarm.");
      return 0;
    }
  }
}
