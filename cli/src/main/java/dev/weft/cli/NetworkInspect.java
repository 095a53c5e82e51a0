package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weft.proto.NetworkLookup;
import dev.weft.proto.NetworkRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Display detailed information on one or more networks.")
final class NetworkInspect implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "NETWORK")
  List<String> refs;

  /** The swarm network, or the local lookup's error when this node knows none by that name. */
  static dev.weft.proto.Network swarmNetwork(DaemonClient daemon, String ref, StatusRuntimeException notLocal) {
    try {
      return daemon.control().getNetwork(NetworkLookup.newBuilder().setRef(ref).build());
    } catch (StatusRuntimeException e) {
      throw e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION || e.getStatus().getCode() == Status.Code.NOT_FOUND
          ? notLocal : e;
    }
  }

  @Override
  public Integer call() throws Exception {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      ArrayNode all = NodeText.JSON.createArrayNode();
      for (String ref : refs) {
        try {
          all.add(ContainerText.inspect(daemon.networks().inspect(NetworkRef.newBuilder().setRef(ref).build())));
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
            throw e;
          }
          all.add(SwarmNetworks.inspect(swarmNetwork(daemon, ref, e)));
        }
      }
      spec.commandLine().getOut().println(NodeText.JSON.writeValueAsString(all));
      return 0;
    }
  }
}
