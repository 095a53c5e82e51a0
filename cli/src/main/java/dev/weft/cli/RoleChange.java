package dev.weft.cli;

import dev.weft.proto.ChangeRoleRequest;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeView;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Shared by promote and demote: one request per node, Docker's messages. */
final class RoleChange {
  private RoleChange() {}

  static int apply(CommandSpec spec, List<String> refs, NodeRole role) {
    try (DaemonClient daemon = Commands.weft(spec).connect()) {
      for (String ref : refs) {
        NodeView view = daemon.control().changeRole(ChangeRoleRequest.newBuilder().setRef(ref).setRole(role).build());
        String name = view.getNode().getDescription().getHostname();
        spec.commandLine().getOut().println(role == NodeRole.NODE_ROLE_MANAGER
            ? "Node " + name + " promoted to a manager in the swarm."
            : "Manager " + name + " demoted in the swarm.");
      }
      return 0;
    }
  }
}
