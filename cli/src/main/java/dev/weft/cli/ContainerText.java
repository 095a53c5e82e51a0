package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.EndpointView;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.NetworkView;
import dev.weft.proto.PortMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/** Containers and local networks in Docker's output shapes. */
final class ContainerText {
  private ContainerText() {}

  static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }

  static String status(Container c, Instant now) {
    return switch (c.getState()) {
      case "running" -> "Up " + ago(Duration.between(Instant.ofEpochMilli(c.getStartedUnixMs()), now));
      case "exited" -> "Exited (" + c.getExitCode() + ") "
          + ago(Duration.between(Instant.ofEpochMilli(c.getFinishedUnixMs()), now)) + " ago";
      default -> "Created";
    };
  }

  static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s <= 1 ? "Less than a second" : s + " seconds";
    }
    if (s < 3600) {
      return (s / 60) + " minute" + (s / 60 == 1 ? "" : "s");
    }
    if (s < 86400) {
      return (s / 3600) + " hour" + (s / 3600 == 1 ? "" : "s");
    }
    return (s / 86400) + " day" + (s / 86400 == 1 ? "" : "s");
  }

  static String ports(Container c) {
    StringBuilder s = new StringBuilder();
    for (PortMapping p : c.getSpec().getPortsList()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(p.getHostIp().isEmpty() ? "0.0.0.0" : p.getHostIp()).append(':').append(p.getHostPort())
          .append("->").append(p.getContainerPort()).append('/').append(p.getProtocol());
    }
    return s.toString();
  }

  static ObjectNode inspect(Container c, Function<String, String> networkName) {
    ObjectNode o = NodeText.JSON.createObjectNode();
    o.put("Id", c.getId());
    o.put("Created", Instant.ofEpochMilli(c.getCreatedUnixMs()).toString());
    o.put("Name", "/" + c.getSpec().getName());
    ArrayNode cmd = NodeText.JSON.createArrayNode();
    c.getSpec().getCommandList().forEach(cmd::add);
    o.put("Path", c.getSpec().getCommand(0));
    ObjectNode state = o.putObject("State");
    state.put("Status", c.getState()).put("Running", c.getState().equals("running")).put("Pid", c.getPid())
        .put("ExitCode", c.getExitCode())
        .put("StartedAt", c.getStartedUnixMs() == 0 ? "" : Instant.ofEpochMilli(c.getStartedUnixMs()).toString())
        .put("FinishedAt", c.getFinishedUnixMs() == 0 ? "" : Instant.ofEpochMilli(c.getFinishedUnixMs()).toString());
    ObjectNode config = o.putObject("Config");
    config.put("Hostname", c.getSpec().getHostname());
    config.set("Cmd", cmd);
    ObjectNode host = o.putObject("HostConfig");
    host.put("NetworkMode", c.getSpec().getNetworksCount() == 0 ? "" : networkName.apply(c.getSpec().getNetworks(0).getNetwork()));
    host.put("AutoRemove", c.getSpec().getAutoRemove());
    ObjectNode settings = o.putObject("NetworkSettings");
    settings.put("SandboxKey", c.getNetns().isEmpty() ? "" : "/run/netns/" + c.getNetns());
    ObjectNode ports = settings.putObject("Ports");
    for (PortMapping p : c.getSpec().getPortsList()) {
      ports.putArray(p.getContainerPort() + "/" + p.getProtocol()).addObject()
          .put("HostIp", p.getHostIp().isEmpty() ? "0.0.0.0" : p.getHostIp()).put("HostPort", Integer.toString(p.getHostPort()));
    }
    ObjectNode networks = settings.putObject("Networks");
    for (var a : c.getSpec().getNetworksList()) {
      ObjectNode n = networks.putObject(networkName.apply(a.getNetwork()));
      n.put("NetworkID", a.getNetwork());
      Endpoint e = c.getEndpointsList().stream().filter(x -> x.getNetworkId().equals(a.getNetwork())).findFirst()
          .orElse(Endpoint.getDefaultInstance());
      ArrayNode aliases = n.putArray("Aliases");
      a.getAliasesList().forEach(aliases::add);
      n.put("EndpointID", e.getEndpointId());
      n.put("Gateway", e.getGateway());
      String ip = e.getIpv4().isEmpty() ? "" : e.getIpv4().substring(0, e.getIpv4().indexOf('/'));
      n.put("IPAddress", ip);
      n.put("IPPrefixLen", e.getIpv4().isEmpty() ? 0 : Integer.parseInt(e.getIpv4().substring(e.getIpv4().indexOf('/') + 1)));
      n.put("MacAddress", e.getMac());
      n.put("IPv6Gateway", e.getGateway6());
      n.put("GlobalIPv6Address", e.getIpv6().isEmpty() ? "" : e.getIpv6().substring(0, e.getIpv6().indexOf('/')));
      n.put("GlobalIPv6PrefixLen", e.getIpv6().isEmpty() ? 0 : Integer.parseInt(e.getIpv6().substring(e.getIpv6().indexOf('/') + 1)));
    }
    return o;
  }

  static ObjectNode inspect(NetworkView view) {
    LocalNetwork n = view.getNetwork();
    ObjectNode o = NodeText.JSON.createObjectNode();
    o.put("Name", n.getSpec().getName());
    o.put("Id", n.getId());
    o.put("Created", Instant.ofEpochMilli(n.getCreatedUnixMs()).toString());
    boolean overlay = n.getSpec().getDriver().equals("overlay");
    o.put("Scope", overlay ? "swarm" : "local");
    o.put("Driver", n.getSpec().getDriver());
    o.put("EnableIPv6", n.getSpec().getIpv6());
    ObjectNode ipam = o.putObject("IPAM");
    ipam.put("Driver", "default");
    ArrayNode configs = ipam.putArray("Config");
    for (IpamConfig c : n.getIpamList()) {
      ObjectNode config = configs.addObject();
      config.put("Subnet", c.getSubnet());
      if (!c.getIpRange().isEmpty()) {
        config.put("IPRange", c.getIpRange());
      }
      config.put("Gateway", c.getGateway());
      if (c.getAuxAddressesCount() > 0) {
        ObjectNode aux = config.putObject("AuxiliaryAddresses");
        c.getAuxAddressesMap().forEach(aux::put);
      }
    }
    o.put("Internal", n.getSpec().getInternal());
    o.put("Attachable", n.getSpec().getAttachable());
    ObjectNode containers = o.putObject("Containers");
    for (EndpointView e : view.getEndpointsList()) {
      containers.putObject(e.getContainerId())
          .put("Name", e.getContainerName())
          .put("EndpointID", e.getEndpoint().getEndpointId())
          .put("MacAddress", e.getEndpoint().getMac())
          .put("IPv4Address", e.getEndpoint().getIpv4())
          .put("IPv6Address", e.getEndpoint().getIpv6());
    }
    ObjectNode options = o.putObject("Options");
    n.getSpec().getOptionsMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> options.put(e.getKey(), e.getValue()));
    if (!n.getDevice().isEmpty() && n.getSpec().getDriver().equals("bridge")) {
      options.put("com.docker.network.bridge.name", n.getDevice());
      options.put("com.docker.network.driver.mtu", Integer.toString(n.getMtu()));
    }
    if (overlay) {
      options.put("com.docker.network.driver.overlay.vxlanid_list", Integer.toString(n.getSwarm().getVni()));
      options.put("com.docker.network.driver.mtu", Integer.toString(n.getMtu()));
    }
    ObjectNode labels = o.putObject("Labels");
    n.getSpec().getLabelsMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    if (overlay) {
      ArrayNode peers = o.putArray("Peers");
      view.getPeersList().forEach(p -> peers.addObject().put("Name", p.getName()).put("IP", p.getIp()));
    }
    return o;
  }
}
