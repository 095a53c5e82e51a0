/**
 * Node liveness from heartbeats, decided on the leader only.
 *
 * <p>Agents heartbeat the leader every {@link dev.weft.manager.liveness.LivenessSettings#heartbeatPeriod()}.
 * A node that misses {@code missedBeats} periods is written Down; its next heartbeat writes it
 * Ready at once. Who was seen when is kept in memory on the leader, not in Raft: a new leader
 * starts every node's clock afresh when it takes over, so a leader change alone never marks a
 * healthy node Down (Docker Swarm's moby#43508). Heartbeats are small unary calls answered off
 * the Raft path, so a node that is only busy keeps up with them.
 */
package dev.weft.manager.liveness;
