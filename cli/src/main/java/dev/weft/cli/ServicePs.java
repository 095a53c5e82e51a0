package dev.weft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeView;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the tasks of one or more services.")
final class ServicePs implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", description = "'table' (default) or 'json' (one object per line)")
  String format = "table";

  @Option(names = {"-q", "--quiet"}, description = "Only display task IDs")
  boolean quiet;

  @Parameters(arity = "1..*", paramLabel = "SERVICE")
  List<String> refs;

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("invalid --format '" + format + "': use table or json");
    }
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      Map<String, String> hostnames = new HashMap<>();
      for (NodeView n : daemon.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList()) {
        hostnames.put(n.getNode().getId(), n.getNode().getDescription().getHostname());
      }
      var out = spec.commandLine().getOut();
      Table table = new Table("ID", "NAME", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR");
      ObjectMapper compact = new ObjectMapper();
      for (String ref : refs) {
        ServiceLookup lookup = ServiceLookup.newBuilder().setRef(ref).build();
        Service service = daemon.control().getService(lookup);
        for (Task t : daemon.control().listTasks(lookup).getTasksList()) {
          String name = ServiceFlags.taskName(service, t);
          String node = hostnames.getOrDefault(t.getNodeId(), t.getNodeId());
          if (quiet) {
            out.println(t.getId());
          } else if (format.equals("json")) {
            ObjectNode o = compact.createObjectNode();
            o.put("ID", t.getId());
            o.put("Name", name);
            o.put("Node", node);
            o.put("DesiredState", ServiceFlags.state(t.getDesiredState()));
            o.put("CurrentState", ServiceFlags.state(t.getStatus().getState()));
            o.put("Message", t.getStatus().getMessage());
            o.put("Error", t.getStatus().getError());
            out.println(o.toString());
          } else {
            table.row(t.getId().substring(0, Math.min(12, t.getId().length())), name, node,
                ServiceFlags.state(t.getDesiredState()), ServiceFlags.state(t.getStatus().getState()),
                t.getStatus().getError());
          }
        }
      }
      if (!quiet && format.equals("table")) {
        table.print(out);
      }
      return 0;
    }
  }
}
