package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.Empty;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Swarm-scope networks as the network verbs show them next to local ones: listed from the
 * managers' store when this node is a manager, and nothing (not an error) when it is not. A
 * manager that cannot reach a Raft leader lists its local networks with a warning, as Docker's do.
 */
final class SwarmNetworks {
  private SwarmNetworks() {}

  static List<Network> listIfManager(DaemonClient daemon, PrintWriter err) {
    try {
      return daemon.control().listNetworks(Empty.getDefaultInstance()).getNetworksList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        return List.of();
      }
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        err.println("warning: swarm-scope networks not listed: " + e.getStatus().getDescription());
        return List.of();
      }
      throw e;
    }
  }

  static ObjectNode inspect(Network n) {
    ObjectNode o = NodeText.JSON.createObjectNode();
    o.put("Name", n.getSpec().getName());
    o.put("Id", n.getId());
    o.put("Created", Instant.ofEpochMilli(n.getMeta().getCreatedUnixMs()).toString());
    o.put("Scope", "swarm");
    o.put("Driver", n.getSpec().getDriver());
    o.put("EnableIPv6", n.getSpec().getIpv6());
    ObjectNode ipam = o.putObject("IPAM");
    ipam.put("Driver", "default");
    var configs = ipam.putArray("Config");
    for (IpamConfig c : n.getAllocatedList()) {
      ObjectNode config = configs.addObject().put("Subnet", c.getSubnet()).put("Gateway", c.getGateway());
      if (!c.getIpRange().isEmpty()) {
        config.put("IPRange", c.getIpRange());
      }
    }
    o.put("Internal", n.getSpec().getInternal());
    o.put("Attachable", n.getSpec().getAttachable());
    o.put("Ingress", n.getSpec().getIngress());
    o.putObject("Containers");
    ObjectNode options = o.putObject("Options");
    options.put("com.docker.network.driver.overlay.vxlanid_list", Integer.toString(n.getVni()));
    n.getSpec().getOptionsMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> options.put(e.getKey(), e.getValue()));
    ObjectNode labels = o.putObject("Labels");
    n.getSpec().getLabelsMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    return o;
  }
}
