package dev.weft.cli;

import dev.weft.proto.InitRequest;
import dev.weft.proto.InitResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Initialize a swarm.")
final class SwarmInit implements Callable<Integer> {
  @ParentCommand SwarmCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--advertise-addr", description = "Advertised address (IP or interface)[:port]")
  String advertiseAddr = "";

  @Option(names = "--listen-addr", description = "Listen address host:port (default 0.0.0.0:2377)")
  String listenAddr = "";

  @Option(names = "--data-path-addr", description = "Address or interface for data path traffic")
  String dataPathAddr = "";

  @Option(names = "--data-path-port", description = "Port for data path (VXLAN) traffic (default 4789)")
  int dataPathPort;

  @Option(names = "--default-addr-pool", description = "Default address pool in CIDR format")
  List<String> defaultAddrPool = new ArrayList<>();

  @Option(names = "--default-addr-pool-mask-length", description = "Default address pool subnet mask length (default 24)")
  int maskLength;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      InitResponse response = daemon.swarm().init(InitRequest.newBuilder()
          .setAdvertiseAddr(advertiseAddr).setListenAddr(listenAddr).setDataPathAddr(dataPathAddr)
          .setDataPathPort(dataPathPort).addAllDefaultAddrPool(defaultAddrPool)
          .setDefaultAddrPoolMaskLength(maskLength).build());
      var out = spec.commandLine().getOut();
      out.println("Swarm initialized: current node (" + response.getNodeId() + ") is now a manager.");
      out.println();
      out.println("To add a worker to this swarm, run the following command:");
      out.println();
      out.println("    " + response.getWorkerJoinCommand());
      out.println();
      out.println("To add a manager to this swarm, run 'weft swarm join-token manager' and follow the instructions.");
      out.println();
      return 0;
    }
  }
}
