package dev.weft.manager.raft;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the rest of the manager needs to know about, and do to, the Raft group. */
public interface RaftView {
  /** The Raft id (= node id) of the current leader, if one is known. */
  Optional<String> leaderId();

  boolean isLeader();

  /** Adds a manager to the group; completes when the new configuration is committed. */
  CompletableFuture<Void> addMember(String id, String raftAddr);

  /** Removes a manager from the group; completes when the new configuration is committed. */
  CompletableFuture<Void> removeMember(String id);
}
