package dev.weft.cli;

import dev.weft.proto.NetworkRemoveRequest;
import dev.weft.proto.NetworkRemoveResponse;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more networks.")
final class NetworkRm implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Disconnect containers from the network first")
  boolean force;

  @Parameters(arity = "1..*", paramLabel = "NETWORK")
  List<String> refs;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      NetworkRemoveResponse r = daemon.networks().remove(NetworkRemoveRequest.newBuilder().addAllRefs(refs)
          .setForce(force).build());
      r.getRemovedList().forEach(spec.commandLine().getOut()::println);
      r.getErrorsList().forEach(e -> spec.commandLine().getErr().println("Error response from daemon: " + e));
      return r.getErrorsCount() == 0 ? 0 : 1;
    }
  }
}
