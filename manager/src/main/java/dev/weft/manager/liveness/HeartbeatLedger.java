package dev.weft.manager.liveness;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Node;
import dev.weft.proto.NodeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each node was last heard from, as seen by this leader; decides who is silent. */
public final class HeartbeatLedger {
  private final LivenessSettings settings;
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
  private volatile Instant leaderSince = Instant.MIN;

  public HeartbeatLedger(LivenessSettings settings) {
    this.settings = settings;
  }

  /** This manager became leader at {@code now}: every node gets a full grace period from now. */
  public void leadershipGained(Instant now) {
    lastSeen.clear();
    leaderSince = now;
  }

  public void heartbeat(String nodeId, Instant now) {
    lastSeen.put(nodeId, now);
  }

  /** Nodes that are not Down in the store but have been silent longer than the grace period. */
  public List<String> silent(StoreState state, Instant now) {
    List<String> silent = new ArrayList<>();
    Instant cutoff = now.minus(settings.grace());
    for (Node node : state.sortedNodes()) {
      if (node.getStatus().getState() == NodeState.NODE_STATE_DOWN) {
        continue;
      }
      Instant seen = lastSeen.getOrDefault(node.getId(), leaderSince);
      if (seen.isBefore(cutoff)) {
        silent.add(node.getId());
      }
    }
    return silent;
  }
}
