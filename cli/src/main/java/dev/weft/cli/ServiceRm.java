package dev.weft.cli;

import dev.weft.proto.ServiceLookup;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more services.")
final class ServiceRm implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SERVICE")
  List<String> refs;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      for (String ref : refs) {
        daemon.control().removeService(ServiceLookup.newBuilder().setRef(ref).build());
        spec.commandLine().getOut().println(ref);
      }
      return 0;
    }
  }
}
