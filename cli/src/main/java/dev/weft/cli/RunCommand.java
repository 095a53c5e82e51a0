package dev.weft.cli;

import dev.weft.proto.ContainerRef;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.NetworkAttachmentSpec;
import dev.weft.proto.PortMapping;
import dev.weft.proto.RunResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run",
    description = "Run a command in a new container (its own network and UTS namespaces).")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
  boolean detach;

  @Option(names = "--name", description = "Assign a name to the container")
  String name = "";

  @Option(names = {"-h", "--hostname"}, description = "Container host name")
  String hostname = "";

  @Option(names = {"--network", "--net"}, description = "Connect a container to a network (repeatable)")
  List<String> networks = new ArrayList<>();

  @Option(names = {"--network-alias", "--net-alias"}, description = "Add network-scoped alias for the container")
  List<String> aliases = new ArrayList<>();

  @Option(names = "--ip", description = "IPv4 address on the first network")
  String ip = "";

  @Option(names = {"-p", "--publish"}, description = "Publish a container's port to the host: [HOST_IP:]HOST_PORT:PORT[/tcp|udp]")
  List<String> publish = new ArrayList<>();

  @Option(names = "--rm", description = "Automatically remove the container when it exits")
  boolean autoRemove;

  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "Command and arguments (after --)")
  List<String> command;

  @Override
  public Integer call() {
    ContainerSpec.Builder s = ContainerSpec.newBuilder().setName(name).setHostname(hostname)
        .addAllCommand(Commands.withoutDashes(command)).setAutoRemove(autoRemove);
    List<String> nets = networks.isEmpty() ? List.of("bridge") : networks;
    for (int i = 0; i < nets.size(); i++) {
      NetworkAttachmentSpec.Builder a = NetworkAttachmentSpec.newBuilder().setNetwork(nets.get(i));
      if (i == 0) {
        a.addAllAliases(aliases).setIpv4(ip);
      }
      s.addNetworks(a);
    }
    publish.forEach(p -> s.addPorts(parsePort(p)));
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      RunResponse r = daemon.containers().run(s.build());
      r.getWarningsList().forEach(w -> spec.commandLine().getErr().println("WARNING: " + w));
      String id = r.getContainer().getId();
      if (detach) {
        spec.commandLine().getOut().println(id);
        return 0;
      }
      return Logs.follow(daemon, id, spec.commandLine().getOut());
    }
  }

  static PortMapping parsePort(String text) {
    String proto = "tcp";
    String body = text;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      proto = text.substring(slash + 1);
      body = text.substring(0, slash);
      if (!proto.equals("tcp") && !proto.equals("udp")) {
        throw new IllegalArgumentException("invalid proto '" + proto + "' in -p " + text + ": use tcp or udp");
      }
    }
    String[] parts = body.split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("invalid -p " + text + ": expected [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp]");
    }
    String hostIp = parts.length == 3 ? parts[0] : "";
    if (hostIp.equals("0.0.0.0")) {
      hostIp = ""; // all of the host's addresses, as in Docker
    }
    int hostPort = port(parts[parts.length - 2], text);
    int containerPort = port(parts[parts.length - 1], text);
    return PortMapping.newBuilder().setHostIp(hostIp).setHostPort(hostPort).setContainerPort(containerPort)
        .setProtocol(proto).build();
  }

  private static int port(String text, String whole) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("invalid port '" + text + "' in -p " + whole + ": must be 1-65535");
  }
}
