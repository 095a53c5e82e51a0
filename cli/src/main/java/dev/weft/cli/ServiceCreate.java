package dev.weft.cli;

import dev.weft.proto.EndpointMode;
import dev.weft.proto.EndpointSpec;
import dev.weft.proto.GlobalMode;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a new service.")
final class ServiceCreate implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--name", required = true, description = "Service name")
  String name;

  @Option(names = "--replicas", description = "Number of tasks (replicated mode; default 1)")
  String replicas;

  @Option(names = "--mode", description = "replicated (default) or global")
  String mode = "replicated";

  @Option(names = {"--network", "--net"}, description = "Network to attach: NET or name=NET,alias=A (repeatable)")
  List<String> networks = new ArrayList<>();

  @Option(names = {"-p", "--publish"}, description = "Publish a port: published=P,target=T[,protocol=tcp|udp][,mode=ingress|host] or [P:]T[/proto]")
  List<String> publish = new ArrayList<>();

  @Option(names = "--endpoint-mode", description = "vip (default) or dnsrr")
  String endpointMode = "vip";

  @Option(names = {"-e", "--env"}, description = "Set environment variables KEY=VALUE (repeatable)")
  List<String> env = new ArrayList<>();

  @Option(names = "--update-parallelism", description = "Tasks updated at once (0: all)")
  int updateParallelism = 1;

  @Option(names = {"-d", "--detach"}, description = "Exit immediately instead of waiting for the service to converge")
  boolean detach;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "Command and arguments (after --)")
  List<String> command;

  @Override
  public Integer call() throws InterruptedException {
    ServiceSpec.Builder b = ServiceSpec.newBuilder().setName(name)
        .addAllCommand(Commands.withoutDashes(command)).addAllEnv(env);
    switch (mode) {
      case "replicated" -> b.setReplicated(ReplicatedMode.newBuilder()
          .setReplicas(replicas == null ? 1 : ServiceFlags.replicas(replicas)));
      case "global" -> {
        if (replicas != null) {
          throw new IllegalArgumentException("replicas can only be used with replicated mode");
        }
        b.setGlobal(GlobalMode.getDefaultInstance());
      }
      default -> throw new IllegalArgumentException("invalid --mode '" + mode + "': use replicated or global");
    }
    if (updateParallelism < 0) {
      throw new IllegalArgumentException("invalid --update-parallelism " + updateParallelism + ": must not be negative");
    }
    b.setUpdateParallelism(updateParallelism);
    networks.forEach(n -> b.addNetworks(ServiceFlags.network(n)));
    EndpointSpec.Builder endpoint = EndpointSpec.newBuilder().setMode(switch (endpointMode) {
      case "vip" -> EndpointMode.ENDPOINT_MODE_VIP;
      case "dnsrr" -> EndpointMode.ENDPOINT_MODE_DNSRR;
      default -> throw new IllegalArgumentException("invalid --endpoint-mode '" + endpointMode + "': use vip or dnsrr");
    });
    publish.forEach(p -> endpoint.addPorts(ServiceFlags.publish(p)));
    b.setEndpoint(endpoint);
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      Service created = daemon.control().createService(b.build());
      spec.commandLine().getOut().println(created.getId());
      if (!detach) {
        ServiceProgress.await(daemon, created, spec.commandLine().getOut());
      }
      return 0;
    }
  }
}
