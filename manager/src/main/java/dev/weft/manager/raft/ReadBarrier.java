package dev.weft.manager.raft;

/**
 * Brings this manager's store up to date before a read, so that a read on any manager sees every
 * write committed before it began (Raft's ReadIndex, §6.4 of the Raft thesis). Without it a
 * follower that fell behind, for example after a partition, answers from an old state: "network
 * not found" for a network created a second ago through another manager.
 */
public interface ReadBarrier {
  /**
   * Returns once this manager has applied everything the leader had committed when the call
   * began; throws {@link NoQuorumException} when no leader confirmed that in time.
   */
  void awaitCurrent() throws NoQuorumException;
}
