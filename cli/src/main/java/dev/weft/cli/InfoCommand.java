package dev.weft.cli;

import dev.weft.proto.Empty;
import dev.weft.proto.InfoResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Display system-wide information.")
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", description = "'text' (default) or 'json'")
  String format = "text";

  @Override
  public Integer call() throws Exception {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      InfoResponse info = daemon.swarm().info(Empty.getDefaultInstance());
      var out = spec.commandLine().getOut();
      if (format.equals("json")) {
        var o = NodeText.JSON.createObjectNode();
        o.put("Name", info.getHostname()).put("ServerVersion", info.getVersion())
            .put("DataRoot", info.getDataRoot()).put("ExecRoot", info.getExecRoot());
        var swarm = o.putObject("Swarm");
        swarm.put("NodeID", info.getNodeId()).put("NodeAddr", info.getNodeAddr())
            .put("LocalNodeState", info.getSwarmState()).put("ControlAvailable", info.getIsManager())
            .put("ClusterID", info.getClusterId()).put("Managers", info.getManagers()).put("Nodes", info.getNodes());
        var managers = swarm.putArray("RemoteManagers");
        info.getManagerAddrsList().forEach(managers::add);
        out.println(NodeText.JSON.writeValueAsString(o));
        return 0;
      }
      out.println("Server:");
      out.println(" Server Version: " + info.getVersion());
      out.println(" Name: " + info.getHostname());
      out.println(" Swarm: " + info.getSwarmState());
      if (!info.getSwarmState().equals("inactive")) {
        out.println("  NodeID: " + info.getNodeId());
        out.println("  Is Manager: " + info.getIsManager());
        out.println("  ClusterID: " + info.getClusterId());
        if (info.getIsManager()) {
          out.println("  Managers: " + info.getManagers());
          out.println("  Nodes: " + info.getNodes());
          out.println("  Raft leader: " + (info.getLeaderNodeId().isEmpty() ? "(none)" : info.getLeaderNodeId()));
        }
        out.println("  Node Address: " + info.getNodeAddr());
        out.println("  Manager Addresses:");
        info.getManagerAddrsList().forEach(a -> out.println("   " + a));
      }
      out.println(" Data Root: " + info.getDataRoot());
      out.println(" Exec Root: " + info.getExecRoot());
      out.println(" Log Level: " + info.getLogLevel());
      return 0;
    }
  }
}
