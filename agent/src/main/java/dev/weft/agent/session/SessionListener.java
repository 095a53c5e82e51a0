package dev.weft.agent.session;

import dev.weft.proto.NodeRole;
import java.util.List;

/** What the session reports to the daemon. Called on the session's thread; must not block long. */
public interface SessionListener {
  /** The swarm wants this node to hold {@code desired}; its certificate says otherwise. */
  void roleChangeRequested(NodeRole desired, String leaderAddr);

  /** The known managers changed (control endpoints, leader first). */
  void managersChanged(List<String> controlAddrs);

  /** This node was removed from the swarm. */
  void removed(String message);
}
