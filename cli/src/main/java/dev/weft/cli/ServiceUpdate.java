package dev.weft.cli;

import dev.weft.proto.EndpointSpec;
import dev.weft.proto.NetworkLookup;
import dev.weft.proto.PortConfig;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.UpdateServiceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "update", mixinStandardHelpOptions = true, description = "Update a service.")
final class ServiceUpdate implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--replicas", description = "Number of tasks")
  String replicas;

  @Option(names = "--network-add", description = "Add a network: NET or name=NET,alias=A (repeatable)")
  List<String> networkAdd = new ArrayList<>();

  @Option(names = "--network-rm", description = "Remove a network (repeatable)")
  List<String> networkRm = new ArrayList<>();

  @Option(names = "--publish-add", description = "Add a published port (as for service create)")
  List<String> publishAdd = new ArrayList<>();

  @Option(names = "--publish-rm", description = "Remove a published port: its target port, or P:T[/proto]")
  List<String> publishRm = new ArrayList<>();

  @Option(names = "--update-parallelism", description = "Tasks updated at once (0: all)")
  Integer updateParallelism;

  @Option(names = {"-d", "--detach"}, description = "Exit immediately instead of waiting for the service to converge")
  boolean detach;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String ref;

  @Override
  public Integer call() throws InterruptedException {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      Service current = daemon.control().getService(ServiceLookup.newBuilder().setRef(ref).build());
      List<String> removedIds = new ArrayList<>();
      for (String rm : networkRm) {
        removedIds.add(daemon.control().getNetwork(NetworkLookup.newBuilder().setRef(rm).build()).getId());
      }
      ServiceSpec next = changed(current, replicas, networkAdd, removedIds, publishAdd, publishRm, updateParallelism);
      Service updated = daemon.control().updateService(
          UpdateServiceRequest.newBuilder().setRef(current.getId()).setSpec(next).build());
      spec.commandLine().getOut().println(updated.getSpec().getName());
      if (!detach) {
        ServiceProgress.await(daemon, updated, spec.commandLine().getOut());
      }
      return 0;
    }
  }

  /** The spec after the flags; {@code networkRmIds} are network ids (the stored spec holds ids). */
  static ServiceSpec changed(Service current, String replicas, List<String> networkAdd, List<String> networkRmIds,
      List<String> publishAdd, List<String> publishRm, Integer updateParallelism) {
    ServiceSpec.Builder b = current.getSpec().toBuilder();
    if (replicas != null) {
      if (current.getSpec().hasGlobal()) {
        throw new IllegalArgumentException("replicas can only be used with replicated mode");
      }
      b.setReplicated(ReplicatedMode.newBuilder().setReplicas(ServiceFlags.replicas(replicas)));
    }
    if (updateParallelism != null) {
      if (updateParallelism < 0) {
        throw new IllegalArgumentException("invalid --update-parallelism " + updateParallelism + ": must not be negative");
      }
      b.setUpdateParallelism(updateParallelism);
    }
    List<ServiceNetwork> networks = new ArrayList<>(b.getNetworksList());
    for (String id : networkRmIds) {
      if (!networks.removeIf(n -> n.getTarget().equals(id))) {
        throw new IllegalArgumentException("service " + current.getSpec().getName() + " is not on network " + id);
      }
    }
    networkAdd.forEach(n -> networks.add(ServiceFlags.network(n)));
    b.clearNetworks().addAllNetworks(networks);
    EndpointSpec.Builder endpoint = b.getEndpoint().toBuilder();
    List<PortConfig> ports = new ArrayList<>(endpoint.getPortsList());
    for (String rm : publishRm) {
      PortConfig gone = ServiceFlags.publish(rm);
      ports.removeIf(p -> p.getTargetPort() == gone.getTargetPort() && p.getProtocol().equals(gone.getProtocol())
          && (gone.getPublishedPort() == 0 || gone.getPublishedPort() == p.getPublishedPort()));
    }
    publishAdd.forEach(p -> ports.add(ServiceFlags.publish(p)));
    b.setEndpoint(endpoint.clearPorts().addAllPorts(ports));
    return b.build();
  }
}
