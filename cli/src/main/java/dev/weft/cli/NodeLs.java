package dev.weft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.Empty;
import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List nodes in the swarm.")
final class NodeLs implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--filter"}, description = "Filter output: role=manager|worker")
  List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "'table' (default) or 'json' (one object per line)")
  String format = "table";

  @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
  boolean quiet;

  @Override
  public Integer call() {
    ListNodesRequest.Builder request = ListNodesRequest.newBuilder();
    for (String filter : filters) {
      switch (filter) {
        case "role=manager" -> request.setFilterRole(true).setRole(NodeRole.NODE_ROLE_MANAGER);
        case "role=worker" -> request.setFilterRole(true).setRole(NodeRole.NODE_ROLE_WORKER);
        default -> throw new IllegalArgumentException("invalid filter '" + filter + "': supported: role=manager, role=worker");
      }
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("invalid --format '" + format + "': use table or json");
    }
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      List<NodeView> nodes = daemon.control().listNodes(request.build()).getNodesList();
      String self = daemon.swarm().info(Empty.getDefaultInstance()).getNodeId();
      var out = spec.commandLine().getOut();
      if (quiet) {
        nodes.forEach(n -> out.println(n.getNode().getId()));
      } else if (format.equals("json")) {
        ObjectMapper compact = new ObjectMapper();
        for (NodeView n : nodes) {
          ObjectNode o = compact.createObjectNode();
          o.put("ID", n.getNode().getId());
          o.put("Self", n.getNode().getId().equals(self));
          o.put("Hostname", n.getNode().getDescription().getHostname());
          o.put("Status", NodeText.status(n.getNode().getStatus().getState()));
          o.put("Availability", NodeText.availability(n.getNode().getSpec().getAvailability()));
          o.put("ManagerStatus", NodeText.managerStatus(n));
          o.put("EngineVersion", n.getNode().getDescription().getVersion());
          out.println(o.toString());
        }
      } else {
        Table table = new Table("ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "VERSION");
        for (NodeView n : nodes) {
          table.row(n.getNode().getId() + (n.getNode().getId().equals(self) ? " *" : ""),
              n.getNode().getDescription().getHostname(),
              NodeText.status(n.getNode().getStatus().getState()),
              NodeText.availability(n.getNode().getSpec().getAvailability()),
              NodeText.managerStatus(n),
              n.getNode().getDescription().getVersion());
        }
        table.print(out);
      }
      return 0;
    }
  }
}
