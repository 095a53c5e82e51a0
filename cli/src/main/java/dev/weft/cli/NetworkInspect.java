package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weft.proto.NetworkRef;
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

  @Override
  public Integer call() throws Exception {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      ArrayNode all = NodeText.JSON.createArrayNode();
      for (String ref : refs) {
        all.add(ContainerText.inspect(daemon.networks().inspect(NetworkRef.newBuilder().setRef(ref).build())));
      }
      spec.commandLine().getOut().println(NodeText.JSON.writeValueAsString(all));
      return 0;
    }
  }
}
