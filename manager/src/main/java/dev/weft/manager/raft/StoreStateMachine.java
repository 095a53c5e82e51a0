package dev.weft.manager.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.manager.store.ClusterStore;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import dev.weft.proto.StoreSnapshot;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

/**
 * A thin adapter from Ratis to {@link ClusterStore}: log entries are serialized
 * {@link StoreAction}s, replies serialized {@link StoreResult}s, snapshots a
 * {@link StoreSnapshot} file (versioned protobuf, MD5-checked on load).
 *
 * <p>Lifecycle, as Ratis needs it for a follower that receives InstallSnapshot: {@code pause()}
 * moves PAUSING → PAUSED; {@code reinitialize()} reloads the newest snapshot and moves
 * STARTING → RUNNING. A snapshot that cannot be written or read fails loudly.
 */
final class StoreStateMachine extends BaseStateMachine {
  private final ClusterStore store;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final BiConsumer<RaftGroupMemberId, RaftPeerId> leaderListener;

  /**
   * @param clock the leader's wall clock, for {@link #startTransaction}'s expiry check
   * @param expiry how long after its proposal an action may still be appended: shorter than the
   *     proposer's own bound, after which it tells its caller the write failed
   */
  private final InstantSource clock;
  private final Duration expiry;

  StoreStateMachine(ClusterStore store, BiConsumer<RaftGroupMemberId, RaftPeerId> leaderListener,
      InstantSource clock, Duration expiry) {
    this.store = store;
    this.leaderListener = leaderListener;
    this.clock = clock;
    this.expiry = expiry;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(() -> load(storage.getLatestSnapshot()));
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().startAndTransition(() -> load(storage.loadLatestSnapshot()));
  }

  private synchronized void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    if (snapshot.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
    }
    try (InputStream in = Files.newInputStream(file.toPath())) {
      store.restore(StoreState.fromSnapshot(StoreSnapshot.parseFrom(in)));
    }
    setLastAppliedTermIndex(snapshot.getTermIndex());
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext.Builder trx = TransactionContext.newBuilder().setStateMachine(this)
        .setClientRequest(request).setLogData(request.getMessage().getContent());
    TransactionContext context = trx.build();
    try {
      StoreAction action = StoreAction.parseFrom(request.getMessage().getContent().toByteArray());
      long age = clock.millis() - action.getAtUnixMs();
      if (action.getAtUnixMs() > 0 && age > expiry.toMillis()) {
        // Its proposer has already reported a failure (a request held up by a partition reaches the
        // leader after it heals): appending it now would apply a write its caller was told failed.
        context.setException(new IOException("write proposed " + age + " ms ago, after its proposer gave up on it"));
      }
    } catch (InvalidProtocolBufferException e) {
      context.setException(new IOException("not a store action: " + e.getMessage()));
    }
    return context;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    StoreResult result;
    synchronized (this) {
      try {
        StoreAction action = StoreAction.parseFrom(entry.getStateMachineLogEntry().getLogData().toByteArray());
        result = store.apply(action);
      } catch (InvalidProtocolBufferException e) {
        result = StoreResult.newBuilder().setOk(false).setError("corrupt log entry: " + e.getMessage()).build();
      }
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(result.toByteArray())));
  }

  /**
   * Read-only requests carry no question: they are barriers ({@link ReadBarrier}). By the time
   * Ratis calls this, the store has applied the read index; the caller then reads the store.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last;
    StoreSnapshot snapshot;
    synchronized (this) {
      last = getLastAppliedTermIndex();
      snapshot = store.state().toSnapshot();
    }
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      snapshot.writeTo(out);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    return last.getIndex();
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
    leaderListener.accept(memberId, newLeaderId);
  }
}
