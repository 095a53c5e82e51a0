package dev.weft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeView;
import dev.weft.proto.Reachability;
import java.time.Instant;

/** Nodes as Docker shows them: column words for tables, and inspect's JSON shape. */
final class NodeText {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private NodeText() {}

  static String status(NodeState state) {
    return switch (state) {
      case NODE_STATE_READY -> "Ready";
      case NODE_STATE_DOWN -> "Down";
      default -> "Unknown";
    };
  }

  static String availability(NodeAvailability availability) {
    return switch (availability) {
      case NODE_AVAILABILITY_PAUSE -> "Pause";
      case NODE_AVAILABILITY_DRAIN -> "Drain";
      default -> "Active";
    };
  }

  static String managerStatus(NodeView view) {
    if (view.getNode().getRole() != NodeRole.NODE_ROLE_MANAGER || !view.getNode().hasManagerStatus()) {
      return "";
    }
    if (view.getLeader()) {
      return "Leader";
    }
    return view.getReachability() == Reachability.REACHABILITY_REACHABLE ? "Reachable" : "Unreachable";
  }

  static String role(NodeRole role) {
    return role == NodeRole.NODE_ROLE_MANAGER ? "manager" : "worker";
  }

  static ObjectNode inspect(NodeView view) {
    Node n = view.getNode();
    ObjectNode o = JSON.createObjectNode();
    o.put("ID", n.getId());
    o.putObject("Version").put("Index", n.getMeta().getVersion());
    o.put("CreatedAt", Instant.ofEpochMilli(n.getMeta().getCreatedUnixMs()).toString());
    o.put("UpdatedAt", Instant.ofEpochMilli(n.getMeta().getUpdatedUnixMs()).toString());
    ObjectNode spec = o.putObject("Spec");
    ObjectNode labels = spec.putObject("Labels");
    n.getSpec().getLabelsMap().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    spec.put("Role", role(n.getSpec().getDesiredRole()));
    spec.put("Availability", availability(n.getSpec().getAvailability()).toLowerCase());
    ObjectNode description = o.putObject("Description");
    description.put("Hostname", n.getDescription().getHostname());
    description.putObject("Platform").put("Architecture", n.getDescription().getArch())
        .put("OS", n.getDescription().getOs());
    description.putObject("Engine").put("EngineVersion", n.getDescription().getVersion());
    ObjectNode status = o.putObject("Status");
    status.put("State", status(n.getStatus().getState()).toLowerCase());
    if (!n.getStatus().getMessage().isEmpty()) {
      status.put("Message", n.getStatus().getMessage());
    }
    status.put("Addr", n.getStatus().getAddr());
    if (n.hasManagerStatus()) {
      o.putObject("ManagerStatus")
          .put("Leader", view.getLeader())
          .put("Reachability", view.getReachability() == Reachability.REACHABILITY_REACHABLE ? "reachable" : "unreachable")
          .put("Addr", n.getManagerStatus().getControlAddr());
    }
    o.put("DataPathAddr", n.getDataPathAddr());
    return o;
  }
}
