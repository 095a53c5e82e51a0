package dev.weft.daemon;

import dev.weft.manager.liveness.LivenessSettings;
import dev.weft.manager.raft.RaftSettings;
import java.nio.file.Path;

/**
 * Daemon-wide settings (flags of {@code weftd}; Docker keeps the same in daemon.json).
 *
 * @param swarmDefaultAddrPool the pool swarm-scope networks use when {@code swarm init} names
 *     none (Docker: 10.0.0.0/8); the lab sets one inside 198.18.0.0/15
 * @param hostname this node's name in the swarm
 */
record DaemonSettings(
    Path dataRoot,
    Path execRoot,
    Path socket,
    String hostname,
    String swarmDefaultAddrPool,
    RaftSettings raft,
    LivenessSettings liveness,
    String logLevel) {

  /** The version this build reports (node ls VERSION, info). */
  static final String VERSION = "0.1.0";
}
