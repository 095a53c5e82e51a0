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
      var out = spec.commandLine().getOut();
      if (quiet) {
        networks.forEach(n -> out.println(noTrunc ? n.getNetwork().getId() : ContainerText.shortId(n.getNetwork().getId())));
      } else if (format.equals("json")) {
        ObjectMapper compact = new ObjectMapper();
        for (NetworkView n : networks) {
          out.println(compact.createObjectNode().put("ID", ContainerText.shortId(n.getNetwork().getId()))
              .put("Name", n.getNetwork().getSpec().getName()).put("Driver", n.getNetwork().getSpec().getDriver())
              .put("Scope", "local").put("Internal", n.getNetwork().getSpec().getInternal()).toString());
        }
      } else {
        Table table = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
        for (NetworkView n : networks) {
          table.row(noTrunc ? n.getNetwork().getId() : ContainerText.shortId(n.getNetwork().getId()),
              n.getNetwork().getSpec().getName(), n.getNetwork().getSpec().getDriver(), "local");
        }
        table.print(out);
      }
      return 0;
    }
  }
}
