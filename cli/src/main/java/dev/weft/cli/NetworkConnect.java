package dev.weft.cli;

import dev.weft.proto.ConnectRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "connect", mixinStandardHelpOptions = true, description = "Connect a container to a network.")
final class NetworkConnect implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--alias", description = "Add network-scoped alias for the container")
  List<String> aliases = new ArrayList<>();

  @Option(names = "--ip", description = "IPv4 address")
  String ip = "";

  @Parameters(index = "0", paramLabel = "NETWORK")
  String network;

  @Parameters(index = "1", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      daemon.networks().connect(ConnectRequest.newBuilder().setNetwork(network).setContainer(container)
          .addAllAliases(aliases).setIpv4(ip).build());
      return 0;
    }
  }
}
