/**
 * The manager's gRPC services on its mutual-TLS endpoint (port 2377): the CA that joins nodes,
 * the dispatcher that agents heartbeat, and the control API.
 *
 * <p>Flow: every call passes {@link dev.weft.manager.api.PeerAuthorizer}, which reads the caller's
 * certificate and decides by method who may call (anyone for the two join calls, any node of the
 * swarm for the dispatcher, managers only for control). Services read the local
 * {@link dev.weft.manager.store.ClusterStore} and write only through a
 * {@link dev.weft.manager.raft.Proposer}; they never change state directly, so what they do is
 * exactly what Raft replicated.
 */
package dev.weft.manager.api;
