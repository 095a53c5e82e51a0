package dev.weft.cli;

import dev.weft.proto.DisconnectRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "disconnect", mixinStandardHelpOptions = true, description = "Disconnect a container from a network.")
final class NetworkDisconnect implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
  boolean force;

  @Parameters(index = "0", paramLabel = "NETWORK")
  String network;

  @Parameters(index = "1", paramLabel = "CONTAINER")
  String container;

  @Override
  public Integer call() {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      daemon.networks().disconnect(DisconnectRequest.newBuilder().setNetwork(network).setContainer(container)
          .setForce(force).build());
      return 0;
    }
  }
}
