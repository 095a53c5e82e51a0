/**
 * Raft through Apache Ratis, kept behind two small interfaces: {@link dev.weft.manager.raft.Proposer}
 * (put a store action through the log) and {@link dev.weft.manager.raft.RaftView} (who leads;
 * add or remove a member).
 *
 * <p>Flow of a write: any manager's {@code propose} → Ratis client (redirected to the leader) →
 * {@code startTransaction} (the entry must parse) → replicated and committed → {@code
 * applyTransaction} on every manager → {@link dev.weft.manager.store.ClusterStore#apply}, whose
 * verdict is the reply. What must hold: every manager applies the same entries in the same order,
 * and {@code apply} is deterministic; a snapshot is the store's state as versioned protobuf,
 * checked by MD5 on load, and a failed snapshot write fails loudly. Every Raft connection is
 * mutual TLS between manager certificates of this swarm; Ratis' configuration keys appear only in
 * {@link dev.weft.manager.raft.RatisProperties}.
 *
 * <p>Catching up: the leader replaces its connections to a follower that answers but has not
 * reached, for a whole Raft request timeout, the commit index the leader had at the start of it
 * ({@link dev.weft.manager.raft.FollowerLinkWatch}, deciding with the pure
 * {@link dev.weft.manager.raft.LaggingFollowers}): after a partition heals, Ratis' entries connection
 * can stay silent while its heartbeats get through.
 */
package dev.weft.manager.raft;
