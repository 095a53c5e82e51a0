package dev.weft.manager.raft;

import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import java.util.concurrent.CompletableFuture;

/**
 * Puts a store action through Raft. The future completes once the action is committed and applied
 * on this manager (so a read of the local store afterwards sees it), with the store's verdict; it
 * fails with {@link NoQuorumException} when no leader could commit it in time.
 */
public interface Proposer {
  CompletableFuture<StoreResult> propose(StoreAction action);
}
