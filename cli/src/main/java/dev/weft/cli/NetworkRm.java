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

  /** Removes a swarm network by that name; false when this node is no manager or has none. */
  private static boolean removeSwarmNetwork(DaemonClient daemon, String ref) {
    try {
      daemon.control().removeNetwork(dev.weft.proto.NetworkLookup.newBuilder().setRef(ref).build());
      return true;
    } catch (io.grpc.StatusRuntimeException e) {
      var code = e.getStatus().getCode();
      if (code == io.grpc.Status.Code.FAILED_PRECONDITION || code == io.grpc.Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      NetworkRemoveResponse r = daemon.networks().remove(NetworkRemoveRequest.newBuilder().addAllRefs(refs)
          .setForce(force).build());
      r.getRemovedList().forEach(spec.commandLine().getOut()::println);
      int failed = 0;
      for (int i = 0; i < r.getErrorsCount(); i++) {
        String error = r.getErrors(i);
        String ref = refs.stream().filter(x -> error.equals("No such network: " + x)).findFirst().orElse(null);
        if (ref != null && removeSwarmNetwork(daemon, ref)) {
          spec.commandLine().getOut().println(ref);
          continue;
        }
        spec.commandLine().getErr().println("Error response from daemon: " + error);
        failed++;
      }
      return failed == 0 ? 0 : 1;
    }
  }
}
