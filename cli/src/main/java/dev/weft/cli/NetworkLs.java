package dev.weft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.proto.NetworkListRequest;
import dev.weft.proto.NetworkView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List networks.")
final class NetworkLs implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--filter"}, description = "Provide filter values (e.g. driver=bridge)")
  List<String> filters = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Do not truncate the output")
  boolean noTrunc;

  @Option(names = "--format", description = "'table' (default) or 'json'")
  String format = "table";

  @Override
  public Integer call() {
    NetworkListRequest.Builder request = NetworkListRequest.newBuilder();
    for (String f : filters) {
      String[] kv = NetworkCreate.keyValue(f, "--filter");
      request.putFilters(kv[0], kv[1]);
    }
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      List<NetworkView> networks = daemon.networks().list(request.build()).getNetworksList();
      List<String[]> rows = new java.util.ArrayList<>();
      java.util.Set<String> shown = new java.util.HashSet<>();
      for (NetworkView n : networks) {
        String driver = n.getNetwork().getSpec().getDriver();
        rows.add(new String[] {n.getNetwork().getId(), n.getNetwork().getSpec().getName(), driver,
            driver.equals("overlay") ? "swarm" : "local"});
        shown.add(n.getNetwork().getId());
      }
      for (var n : SwarmNetworks.listIfManager(daemon, spec.commandLine().getErr())) {
        if (shown.contains(n.getId())) {
          continue;
        }
        boolean wanted = request.getFiltersMap().entrySet().stream().allMatch(f -> switch (f.getKey()) {
          case "driver" -> n.getSpec().getDriver().equals(f.getValue());
          case "name" -> n.getSpec().getName().contains(f.getValue());
          case "scope" -> f.getValue().equals("swarm");
          default -> false;
        });
        if (wanted) {
          rows.add(new String[] {n.getId(), n.getSpec().getName(), n.getSpec().getDriver(), "swarm"});
        }
      }
      var out = spec.commandLine().getOut();
      if (quiet) {
        rows.forEach(r -> out.println(noTrunc ? r[0] : ContainerText.shortId(r[0])));
      } else if (format.equals("json")) {
        ObjectMapper compact = new ObjectMapper();
        for (String[] r : rows) {
          out.println(compact.createObjectNode().put("ID", ContainerText.shortId(r[0])).put("Name", r[1])
              .put("Driver", r[2]).put("Scope", r[3]).toString());
        }
      } else {
        Table table = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
        for (String[] r : rows) {
          table.row(noTrunc ? r[0] : ContainerText.shortId(r[0]), r[1], r[2], r[3]);
        }
        table.print(out);
      }
      return 0;
    }
  }
}
