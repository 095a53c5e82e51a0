package dev.weft.cli;

import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceLookup;
import dev.weft.proto.UpdateServiceRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scale", mixinStandardHelpOptions = true, description = "Scale one or more replicated services: SERVICE=REPLICAS.")
final class ServiceScale implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS")
  List<String> scales;

  @Option(names = {"-d", "--detach"}, description = "Exit immediately instead of waiting for the services to converge")
  boolean detach;

  @Override
  public Integer call() throws InterruptedException {
    for (String s : scales) {
      if (s.indexOf('=') < 1) {
        throw new IllegalArgumentException("invalid scale '" + s + "': expected SERVICE=REPLICAS");
      }
      ServiceFlags.replicas(s.substring(s.indexOf('=') + 1));
    }
    boolean converged = true;
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      for (String s : scales) {
        String ref = s.substring(0, s.indexOf('='));
        long replicas = ServiceFlags.replicas(s.substring(s.indexOf('=') + 1));
        Service current = daemon.control().getService(ServiceLookup.newBuilder().setRef(ref).build());
        if (current.getSpec().hasGlobal()) {
          throw new IllegalArgumentException("scale can only be used with replicated mode: " + ref + " is global");
        }
        Service updated = daemon.control().updateService(UpdateServiceRequest.newBuilder().setRef(current.getId())
            .setSpec(current.getSpec().toBuilder().setReplicated(ReplicatedMode.newBuilder().setReplicas(replicas)))
            .build());
        spec.commandLine().getOut().println(ref + " scaled to " + replicas);
        if (!detach && !ServiceProgress.await(daemon, updated, spec.commandLine().getOut())) {
          converged = false;
        }
      }
      return converged ? 0 : 1;
    }
  }
}
