package dev.weft.cli;

import dev.weft.proto.NodeAvailability;
import dev.weft.proto.UpdateNodeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "update", mixinStandardHelpOptions = true, description = "Update a node.")
final class NodeUpdate implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--availability", description = "Availability of the node (active|pause|drain)")
  String availability;

  @Option(names = "--label-add", description = "Add or update a node label (key=value)")
  List<String> labelAdd = new ArrayList<>();

  @Option(names = "--label-rm", description = "Remove a node label if exists")
  List<String> labelRm = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "NODE")
  String ref;

  @Override
  public Integer call() {
    UpdateNodeRequest.Builder request = UpdateNodeRequest.newBuilder().setRef(ref);
    if (availability != null) {
      request.setSetAvailability(true).setAvailability(switch (availability) {
        case "active" -> NodeAvailability.NODE_AVAILABILITY_ACTIVE;
        case "pause" -> NodeAvailability.NODE_AVAILABILITY_PAUSE;
        case "drain" -> NodeAvailability.NODE_AVAILABILITY_DRAIN;
        default -> throw new IllegalArgumentException(
            "invalid --availability '" + availability + "': use active, pause or drain");
      });
    }
    for (String label : labelAdd) {
      int eq = label.indexOf('=');
      String key = eq < 0 ? label : label.substring(0, eq);
      if (key.isBlank()) {
        throw new IllegalArgumentException("invalid --label-add '" + label + "': expected key=value");
      }
      request.putLabelsAdd(key, eq < 0 ? "" : label.substring(eq + 1));
    }
    request.addAllLabelsRemove(labelRm);
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      daemon.control().updateNode(request.build());
      spec.commandLine().getOut().println(ref);
      return 0;
    }
  }
}
