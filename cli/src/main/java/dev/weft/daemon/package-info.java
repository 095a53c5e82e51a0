/**
 * The {@code weftd} daemon: composes the agent and, on manager nodes, the manager.
 *
 * <p>Start-up: read the node's state from the data root; if it is in a swarm, start the manager
 * (managers only: Raft recovers from its own storage) and the agent's session, then serve the
 * local API on the unix socket. {@code swarm init/join/leave} and role changes (promote, demote)
 * go through {@link dev.weft.daemon.SwarmController}, which is the only place that starts or
 * stops the manager. Everything needed after a restart — node id, key, certificates, Raft
 * storage, the managers last known — lives under {@code <data-root>/swarm}.
 */
package dev.weft.daemon;
