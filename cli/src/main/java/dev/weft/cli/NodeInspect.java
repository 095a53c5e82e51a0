package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weft.proto.NodeRef;
import dev.weft.proto.NodeView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Display detailed information on one or more nodes.")
final class NodeInspect implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--pretty", description = "Print the information in a human friendly format")
  boolean pretty;

  @Parameters(arity = "1..*", paramLabel = "NODE", description = "ID, ID prefix or hostname ('self' for this node)")
  List<String> refs;

  @Override
  public Integer call() throws Exception {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      var out = spec.commandLine().getOut();
      ArrayNode all = NodeText.JSON.createArrayNode();
      for (String ref : refs) {
        String resolved = ref.equals("self") ? daemon.swarm().info(dev.weft.proto.Empty.getDefaultInstance()).getNodeId() : ref;
        NodeView view = daemon.control().getNode(NodeRef.newBuilder().setRef(resolved).build());
        if (pretty) {
          var n = view.getNode();
          out.println("ID:                     " + n.getId());
          if (!n.getSpec().getLabelsMap().isEmpty()) {
            out.println("Labels:");
            n.getSpec().getLabelsMap().forEach((k, v) -> out.println(" - " + k + "=" + v));
          }
          out.println("Hostname:               " + n.getDescription().getHostname());
          out.println("Joined at:              " + java.time.Instant.ofEpochMilli(n.getMeta().getCreatedUnixMs()));
          out.println("Status:");
          out.println(" State:                 " + NodeText.status(n.getStatus().getState()));
          out.println(" Availability:          " + NodeText.availability(n.getSpec().getAvailability()));
          out.println(" Address:               " + n.getStatus().getAddr());
          if (n.hasManagerStatus()) {
            out.println("Manager Status:");
            out.println(" Address:               " + n.getManagerStatus().getControlAddr());
            out.println(" Raft Status:           " + NodeText.managerStatus(view));
            out.println(" Leader:                " + (view.getLeader() ? "Yes" : "No"));
          }
          out.println("Platform:");
          out.println(" Operating System:      " + n.getDescription().getOs());
          out.println(" Architecture:          " + n.getDescription().getArch());
          out.println("Engine Version:         " + n.getDescription().getVersion());
          out.println();
        } else {
          all.add(NodeText.inspect(view));
        }
      }
      if (!pretty) {
        out.println(NodeText.JSON.writeValueAsString(all));
      }
      return 0;
    }
  }
}
