package dev.weft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.Empty;
import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeState;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.Task;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List services.")
final class ServiceLs implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", description = "'table' (default) or 'json' (one object per line)")
  String format = "table";

  @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
  boolean quiet;

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("invalid --format '" + format + "': use table or json");
    }
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      List<Service> services = daemon.control().listServices(Empty.getDefaultInstance()).getServicesList();
      List<Task> tasks = daemon.control().listTasks(ServiceLookup.getDefaultInstance()).getTasksList();
      long eligible = daemon.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
          .filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY
              && n.getNode().getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_ACTIVE)
          .count();
      var out = spec.commandLine().getOut();
      if (quiet) {
        services.forEach(s -> out.println(s.getId()));
      } else if (format.equals("json")) {
        ObjectMapper compact = new ObjectMapper();
        for (Service s : services) {
          ObjectNode o = compact.createObjectNode();
          o.put("ID", s.getId());
          o.put("Name", s.getSpec().getName());
          o.put("Mode", ServiceFlags.mode(s.getSpec()));
          o.put("Replicas", ServiceFlags.replicas(s.getSpec(), ServiceFlags.running(tasks, s.getId()), eligible));
          o.put("Ports", ServiceFlags.ports(s));
          out.println(o.toString());
        }
      } else {
        Table table = new Table("ID", "NAME", "MODE", "REPLICAS", "PORTS");
        for (Service s : services) {
          table.row(s.getId().substring(0, Math.min(12, s.getId().length())), s.getSpec().getName(),
              ServiceFlags.mode(s.getSpec()), ServiceFlags.replicas(s.getSpec(), ServiceFlags.running(tasks, s.getId()), eligible), ServiceFlags.ports(s));
        }
        table.print(out);
      }
      return 0;
    }
  }
}
