package dev.weft.manager.raft;

import dev.weft.manager.store.ClusterStore;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import dev.weft.security.NodeCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This manager's seat in the Raft group: the Ratis server over the {@link ClusterStore}, and a
 * client that sends writes to whoever leads. Writes from a follower reach the leader through the
 * client (Ratis redirects), so every manager accepts writes. Reads go through a barrier on this
 * server ({@link ReadBarrier}), so every manager answers them current.
 */
public final class RaftMember implements Proposer, ReadBarrier, RaftView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RaftMember.class);

  private final String nodeId;
  private final RaftGroupId groupId;
  private final RaftSettings settings;
  private final Parameters tls;
  private final RaftServer server;
  private final ExecutorService admin;
  private final InstantSource clock;
  private RaftClient client;
  private RaftClient reader;
  private FollowerLinkWatch links;
  private Set<RaftPeer> clientPeers = Set.of();

  /**
   * @param initialPeers the group's members when creating it ({@code swarm init}: this node
   *     alone), or empty when joining an existing group or restarting (the log knows the members)
   */
  public RaftMember(String nodeId, String groupUuid, Path storageDir, String bindHost, int port,
      RaftSettings settings, NodeCredentials credentials, String clusterId,
      Collection<RaftPeer> initialPeers, ClusterStore store, ExecutorService admin, InstantSource clock)
      throws IOException {
    this.nodeId = nodeId;
    this.groupId = RaftGroupId.valueOf(UUID.fromString(groupUuid));
    this.settings = settings;
    this.admin = admin;
    this.clock = clock;
    this.tls = RatisProperties.tls(credentials, clusterId);
    StoreStateMachine machine = new StoreStateMachine(store, (member, leader) ->
        log.info("Raft leader is now {} (term {})", leader, currentTerm()), clock,
        // The proposer gives up after writeTimeout + requestTimeout; refusing from writeTimeout on
        // leaves the rest for the commit (managers' clocks are assumed within a second of each other).
        settings.writeTimeout());
    this.server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(nodeId))
        .setGroup(RaftGroup.valueOf(groupId, List.copyOf(initialPeers)))
        .setStateMachine(machine)
        .setProperties(RatisProperties.server(settings, storageDir, bindHost, port))
        .setParameters(tls)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
  }

  public static RaftPeer peer(String id, String address) {
    return RaftPeer.newBuilder().setId(id).setAddress(address).build();
  }

  /**
   * Starts the Ratis server, and on {@code scheduler} the leader's watch over stuck follower
   * connections ({@link FollowerLinkWatch}).
   */
  public void start(ScheduledExecutorService scheduler) throws IOException {
    server.start();
    links = new FollowerLinkWatch(new RatisLinks(), settings.requestTimeout(), clock, scheduler, admin);
  }

  /** The leader's view of its followers through Ratis, and Ratis' proxy reset to reconnect. */
  private final class RatisLinks implements FollowerLinkWatch.Links {
    @Override
    public Optional<FollowerLinkWatch.LeaderView> leaderView() {
      return division().filter(d -> d.getInfo().isLeader()).map(d -> {
        Map<String, Long> commits = new HashMap<>();
        d.getCommitInfos().forEach(c -> commits.put(RaftPeerId.valueOf(c.getServer().getId()).toString(),
            c.getCommitIndex()));
        Map<String, LaggingFollowers.Follower> followers = new HashMap<>();
        for (ServerRpcProto f : d.getInfo().getRoleInfoProto().getLeaderInfo().getFollowerInfoList()) {
          String id = RaftPeerId.valueOf(f.getId().getId()).toString();
          followers.put(id, new LaggingFollowers.Follower(commits.getOrDefault(id, -1L), f.getLastRpcElapsedTimeMs()));
        }
        return new FollowerLinkWatch.LeaderView(d.getRaftLog().getLastCommittedIndex(), followers);
      });
    }

    @Override
    public void reconnect(String followerId) {
      server.getServerRpc().handleException(RaftPeerId.valueOf(followerId),
          new IOException("follower " + followerId + " is silent or not catching up"), true);
    }
  }

  private long currentTerm() {
    try {
      return server.getDivision(groupId).getInfo().getCurrentTerm();
    } catch (IOException e) {
      return -1;
    }
  }

  private Optional<RaftServer.Division> division() {
    try {
      return Optional.of(server.getDivision(groupId));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<String> leaderId() {
    return division().map(d -> d.getInfo().getLeaderId()).map(RaftPeerId::toString);
  }

  @Override
  public boolean isLeader() {
    return division().map(d -> d.getInfo().isLeader()).orElse(false);
  }

  /** The members of the current configuration, as this server knows it. */
  public List<RaftPeer> members() {
    return division().map(d -> List.copyOf(d.getRaftConf().getCurrentPeers())).orElse(List.of());
  }

  /** The writes' client for the current members; rebuilt when the membership this server knows changes. */
  private synchronized RaftClient client() {
    renewIfMembersChanged();
    if (client == null) {
      client = newClient(RatisProperties.clientRetry(settings));
    }
    return client;
  }

  /** The reads' client ({@link #awaitCurrent}), likewise. */
  private synchronized RaftClient reader() {
    renewIfMembersChanged();
    if (reader == null) {
      reader = newClient(RatisProperties.readAttempt(settings));
    }
    return reader;
  }

  private void renewIfMembersChanged() {
    Set<RaftPeer> peers = Set.copyOf(members());
    if (!peers.equals(clientPeers)) {
      closeLater(client);
      closeLater(reader);
      client = null;
      reader = null;
      clientPeers = peers;
    }
  }

  private RaftClient newClient(RetryPolicy retry) {
    return RaftClient.newBuilder()
        .setRaftGroup(RaftGroup.valueOf(groupId, clientPeers))
        .setProperties(RatisProperties.client(settings))
        .setParameters(tls)
        .setRetryPolicy(retry)
        .build();
  }

  @Override
  public CompletableFuture<StoreResult> propose(StoreAction action) {
    Message message = Message.valueOf(ByteString.copyFrom(action.toByteArray()));
    long bound = settings.writeTimeout().toMillis() + settings.requestTimeout().toMillis();
    RaftClient sender = client();
    return sender.async().send(message)
        .orTimeout(bound, TimeUnit.MILLISECONDS)
        .handle((reply, error) -> {
          if (error != null || reply == null || !reply.isSuccess()) {
            Throwable cause = error != null ? error : reply == null ? null : reply.getException();
            if (error != null) {
              retire(sender, error);
            }
            throw new NoQuorumException(noQuorumMessage(), cause);
          }
          return parse(reply);
        });
  }

  /**
   * A read-only request to this server: Ratis asks the leader for its commit index (or, on the
   * leader, confirms its leadership with a heartbeat round) and answers once this server has
   * applied up to it. It runs on its own blocking client, so a failed read never closes the
   * writes' ordered async client ({@link #retire}), and in attempts of {@link
   * RatisProperties#readAttempt}: after a failed one, this follower's connection to the leader is
   * replaced before the next. After a partition heals that connection can sit in gRPC's reconnect
   * backoff for many seconds (read-index requests fail at once, without being sent), while the
   * leader's connections to this follower already work.
   */
  @Override
  public void awaitCurrent() {
    long deadline = clock.millis() + settings.writeTimeout().toMillis();
    RaftPeerId self = RaftPeerId.valueOf(nodeId);
    while (true) {
      IOException failure;
      try {
        RaftClientReply reply = reader().io().sendReadOnly(Message.EMPTY, self);
        if (reply.isSuccess()) {
          return;
        }
        log.info("read barrier refused: {}", String.valueOf(reply.getException()));
        throw new NoQuorumException(staleMessage(), reply.getException());
      } catch (GroupMismatchException | AlreadyClosedException | StateMachineException e) {
        log.info("read barrier failed: {}", e.toString());
        throw new NoQuorumException(staleMessage(), e);
      } catch (IOException e) {
        failure = e;
      }
      if (clock.millis() >= deadline) {
        log.info("read barrier gave up: {}", failure.toString());
        throw new NoQuorumException(staleMessage(), failure);
      }
      Optional<String> leader = leaderId().filter(id -> !id.equals(nodeId));
      if (leader.isPresent()) {
        log.info("read index from leader {} failed ({}); replacing the connection to it", leader.get(),
            failure.toString());
        server.getServerRpc().handleException(RaftPeerId.valueOf(leader.get()), failure, true);
      }
    }
  }

  private String staleMessage() {
    return "this manager could not confirm within " + settings.writeTimeout().toSeconds()
        + "s that its view of the swarm is current: it cannot reach a Raft leader with a quorum of managers ("
        + members().size() + " in the group); check the network between managers, or run the "
        + "command on a manager that can reach the others";
  }

  /**
   * Ratis' ordered async client fails every later request at once ("is closed") after one request
   * ran out of retries, for as long as the client lives: a manager that was cut off for one write
   * timeout would never commit again. The next write therefore gets a new client.
   */
  private void retire(RaftClient failed, Throwable error) {
    synchronized (this) {
      if (client != failed) {
        return;
      }
      client = null;
    }
    log.info("Raft client retired after a failed write ({}); the next write uses a new one", error.toString());
    closeLater(failed);
  }

  private String noQuorumMessage() {
    return "the write could not be committed within " + settings.writeTimeout().toSeconds()
        + "s: this manager cannot reach a Raft leader with a quorum of managers ("
        + members().size() + " in the group); check the network between managers, or run the "
        + "command on a manager that can reach the others";
  }

  private static StoreResult parse(RaftClientReply reply) {
    try {
      return StoreResult.parseFrom(reply.getMessage().getContent().toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable reply from the state machine", e);
    }
  }

  @Override
  public CompletableFuture<Void> addMember(String id, String raftAddr) {
    return CompletableFuture.runAsync(() -> {
      RaftPeer peer = peer(id, raftAddr);
      if (members().contains(peer)) {
        return;
      }
      List<RaftPeer> others = members().stream().filter(p -> !p.getId().toString().equals(id)).toList();
      if (others.size() != members().size()) {
        changeConfiguration(withAdded(others, peer)); // same id, new address: replace it
        return;
      }
      setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
          .setServersInNewConf(List.of(peer)).setMode(SetConfigurationRequest.Mode.ADD).build());
    }, admin);
  }

  @Override
  public CompletableFuture<Void> removeMember(String id) {
    return CompletableFuture.runAsync(() -> {
      List<RaftPeer> remaining = members().stream().filter(p -> !p.getId().toString().equals(id)).toList();
      if (remaining.size() == members().size()) {
        return;
      }
      changeConfiguration(remaining);
    }, admin);
  }

  private static List<RaftPeer> withAdded(List<RaftPeer> peers, RaftPeer peer) {
    List<RaftPeer> all = new ArrayList<>(peers);
    all.add(peer);
    return all;
  }

  private void changeConfiguration(List<RaftPeer> peers) {
    setConfiguration(SetConfigurationRequest.Arguments.newBuilder().setServersInNewConf(peers).build());
  }

  private void setConfiguration(SetConfigurationRequest.Arguments arguments) {
    try {
      RaftClientReply reply = client().admin().setConfiguration(arguments);
      if (!reply.isSuccess()) {
        throw new IllegalStateException("Raft refused the new configuration: " + reply.getException());
      }
      log.info("Raft group is now {}", members().stream().map(p -> p.getId() + "@" + p.getAddress())
          .collect(Collectors.joining(", ")));
    } catch (IOException e) {
      throw new IllegalStateException("changing the Raft group failed: " + e.getMessage(), e);
    }
  }

  /**
   * Closes a client that is no longer used, on another thread: closing fails its pending requests,
   * whose callbacks take this member's lock ({@link #retire}), so it must not run under that lock.
   */
  private void closeLater(RaftClient old) {
    if (old == null) {
      return;
    }
    try {
      admin.execute(() -> closeQuietly(old));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      closeQuietly(old);
    }
  }

  private static void closeQuietly(RaftClient c) {
    try {
      c.close();
    } catch (IOException e) {
      log.debug("closing the Raft client: {}", e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    List<RaftClient> last = new ArrayList<>();
    synchronized (this) {
      Stream.of(client, reader).filter(Objects::nonNull).forEach(last::add);
      client = null;
      reader = null;
    }
    last.forEach(RaftMember::closeQuietly); // outside the lock, see closeLater
    if (links != null) {
      links.close();
    }
    server.close();
  }

  @Override
  public String toString() {
    return "RaftMember[" + nodeId + "]";
  }
}
