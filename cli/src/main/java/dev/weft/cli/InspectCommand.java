package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weft.proto.ContainerRef;
import dev.weft.proto.NetworkListRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Display detailed information on containers.")
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "CONTAINER")
  List<String> refs;

  @Override
  public Integer call() throws Exception {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      Map<String, String> names = new HashMap<>();
      daemon.networks().list(NetworkListRequest.getDefaultInstance()).getNetworksList()
          .forEach(n -> names.put(n.getNetwork().getId(), n.getNetwork().getSpec().getName()));
      ArrayNode all = NodeText.JSON.createArrayNode();
      for (String ref : refs) {
        all.add(ContainerText.inspect(daemon.containers().inspect(ContainerRef.newBuilder().setRef(ref).build()),
            id -> names.getOrDefault(id, id)));
      }
      spec.commandLine().getOut().println(NodeText.JSON.writeValueAsString(all));
      return 0;
    }
  }
}
