package dev.weft.manager.cluster;

import dev.weft.manager.liveness.LivenessSettings;
import dev.weft.manager.raft.RaftSettings;
import dev.weft.security.HostPort;
import dev.weft.security.NodeCredentials;
import java.nio.file.Path;

/**
 * What a manager needs to run.
 *
 * @param listen where the control/dispatcher/CA endpoint binds (default port 2377)
 * @param advertiseControl the host:port other nodes use to reach it
 * @param raftListen where Raft binds (default listen port + 1)
 * @param advertiseRaft the host:port other managers use for Raft
 * @param raftDir Raft's storage under the data root
 */
public record ManagerConfig(
    String nodeId,
    String clusterId,
    String raftGroupUuid,
    NodeCredentials credentials,
    HostPort listen,
    HostPort advertiseControl,
    HostPort raftListen,
    HostPort advertiseRaft,
    Path raftDir,
    RaftSettings raft,
    LivenessSettings liveness) {}
