package dev.weft.cli;

import dev.weft.proto.JoinRequest;
import dev.weft.proto.JoinResponse;
import dev.weft.proto.NodeRole;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "join", mixinStandardHelpOptions = true, description = "Join a swarm as a node and/or manager.")
final class SwarmJoin implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--token", required = true, description = "Token for entry into the swarm")
  String token;

  @Option(names = "--advertise-addr", description = "Advertised address (IP or interface)[:port]")
  String advertiseAddr = "";

  @Option(names = "--listen-addr", description = "Listen address host:port (default 0.0.0.0:2377)")
  String listenAddr = "";

  @Option(names = "--data-path-addr", description = "Address or interface for data path traffic")
  String dataPathAddr = "";

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "Address of a manager")
  String remote;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      JoinResponse response = daemon.swarm().join(JoinRequest.newBuilder().setToken(token).setRemoteAddr(remote)
          .setAdvertiseAddr(advertiseAddr).setListenAddr(listenAddr).setDataPathAddr(dataPathAddr).build());
      spec.commandLine().getOut().println(response.getRole() == NodeRole.NODE_ROLE_MANAGER
          ? "This node joined a swarm as a manager." : "This node joined a swarm as a worker.");
      return 0;
    }
  }
}
