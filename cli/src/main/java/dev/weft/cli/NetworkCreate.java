package dev.weft.cli;

import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetworkSpec;
import dev.weft.proto.NetworkCreateRequest;
import dev.weft.proto.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a network.")
final class NetworkCreate implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-d", "--driver"}, description = "Driver to manage the Network (bridge, macvlan, ipvlan, overlay)")
  String driver = "bridge";

  @Option(names = "--subnet", description = "Subnet in CIDR format that represents a network segment")
  List<String> subnets = new ArrayList<>();

  @Option(names = "--ip-range", description = "Allocate container ip from a sub-range")
  List<String> ipRanges = new ArrayList<>();

  @Option(names = "--gateway", description = "IPv4 Gateway for the master subnet")
  List<String> gateways = new ArrayList<>();

  @Option(names = "--aux-address", description = "Auxiliary addresses used by Network driver (name=IP)")
  List<String> auxAddresses = new ArrayList<>();

  @Option(names = "--internal", description = "Restrict external access to the network")
  boolean internal;

  @Option(names = "--ipv6", description = "Enable IPv6 networking")
  boolean ipv6;

  @Option(names = "--attachable", description = "Enable manual container attachment")
  boolean attachable;

  @Option(names = "--ingress", description = "Create swarm routing-mesh network")
  boolean ingress;

  @Option(names = "--label", description = "Set metadata on a network (key=value)")
  List<String> labels = new ArrayList<>();

  @Option(names = {"-o", "--opt"}, description = "Set driver specific options (key=value)")
  List<String> options = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "NETWORK")
  String name;

  @Override
  public Integer call() {
    if (ipRanges.size() > subnets.size() || gateways.size() > subnets.size()) {
      throw new IllegalArgumentException("every --ip-range and --gateway needs a --subnet it belongs to");
    }
    if (!auxAddresses.isEmpty() && subnets.isEmpty()) {
      throw new IllegalArgumentException("--aux-address needs a --subnet");
    }
    LocalNetworkSpec.Builder s = LocalNetworkSpec.newBuilder().setName(name).setDriver(driver)
        .setInternal(internal).setIpv6(ipv6).setAttachable(attachable);
    for (int i = 0; i < subnets.size(); i++) {
      IpamConfig.Builder c = IpamConfig.newBuilder().setSubnet(subnets.get(i));
      if (i < ipRanges.size()) {
        c.setIpRange(ipRanges.get(i));
      }
      if (i < gateways.size()) {
        c.setGateway(gateways.get(i));
      }
      if (i == 0) {
        for (String aux : auxAddresses) {
          String[] kv = keyValue(aux, "--aux-address");
          c.putAuxAddresses(kv[0], kv[1]);
        }
      }
      s.addIpam(c);
    }
    for (String label : labels) {
      String[] kv = keyValue(label.contains("=") ? label : label + "=", "--label");
      s.putLabels(kv[0], kv[1]);
    }
    for (String option : options) {
      String[] kv = keyValue(option, "-o");
      s.putOptions(kv[0], kv[1]);
    }
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      if (driver.equals("overlay")) {
        LocalNetworkSpec local = s.build();
        var network = daemon.control().createNetwork(NetworkSpec.newBuilder().setName(name).setDriver(driver)
            .addAllIpam(local.getIpamList()).setAttachable(attachable).setInternal(internal).setIngress(ingress)
            .setIpv6(ipv6).putAllLabels(local.getLabelsMap()).putAllOptions(local.getOptionsMap()).build());
        spec.commandLine().getOut().println(network.getId());
        return 0;
      }
      if (ingress) {
        throw new IllegalArgumentException("--ingress is for overlay networks (-d overlay)");
      }
      spec.commandLine().getOut().println(daemon.networks().create(NetworkCreateRequest.newBuilder().setSpec(s).build()).getId());
      return 0;
    }
  }

  static String[] keyValue(String text, String flag) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("invalid " + flag + " '" + text + "': expected key=value");
    }
    return new String[] {text.substring(0, eq), text.substring(eq + 1)};
  }
}
