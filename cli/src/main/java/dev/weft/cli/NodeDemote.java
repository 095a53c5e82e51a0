package dev.weft.cli;

import dev.weft.proto.NodeRole;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "demote", mixinStandardHelpOptions = true, description = "Demote one or more nodes from manager in the swarm.")
final class NodeDemote implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "NODE")
  List<String> refs;

  @Override
  public Integer call() {
    return RoleChange.apply(spec, refs, NodeRole.NODE_ROLE_WORKER);
  }
}
