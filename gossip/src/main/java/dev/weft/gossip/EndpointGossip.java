package dev.weft.gossip;

import dev.weft.gossip.ClusterLink.Event;
import dev.weft.gossip.ClusterLink.Inbound;
import dev.weft.gossip.MemberDirectory.Member;
import dev.weft.gossip.table.Change;
import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.EndpointTable;
import dev.weft.gossip.table.ReapPolicy;
import dev.weft.gossip.table.Version;
import dev.weft.gossip.wire.EndpointCodec;
import dev.weft.gossip.wire.Hello;
import dev.weft.gossip.wire.MalformedPayloadException;
import dev.weft.gossip.wire.MemberInfo;
import dev.weft.gossip.wire.MemberInfoCodec;
import dev.weft.gossip.wire.Push;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link GossipNode} does on its event thread: keeps the tables, the directory of members and
 * the ScaleCube link, and reacts to membership events, messages and timers. Every method runs on
 * that thread; callbacks from ScaleCube are handed to {@code onLoop} first.
 */
final class EndpointGossip {
  static final String PUSH = "weft/endpoints/push";
  static final String HELLO = "weft/members/hello";
  /**
   * How many anti-entropy intervals a message from a member keeps it alive without ScaleCube
   * (LAN: 5 s). A participant hears from each other about once per round, so only a member that
   * is really cut off runs out.
   */
  static final int HEARD_LEASE_INTERVALS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(EndpointGossip.class);

  private final GossipConfig config;
  private final GossipSettings settings;
  private final GossipNode.Listener listener;
  private final LongSupplier clock;
  private final RandomGenerator random;
  private final Consumer<Runnable> onLoop;
  private final ReapPolicy policy;
  private final NetworkTables tables;
  private final MemberDirectory directory;
  private final RejoinTimer rejoin;
  /** The other nodes alive when the listener last heard of it; on the loop's thread. */
  private Set<String> alivePeers = Set.of();
  private final SyncExchanges syncs;

  private final MemberLinks links;
  private List<InetSocketAddress> seeds = List.of();
  private Set<String> announced = Set.of();
  /** Counts the changes of {@link #announced} in this incarnation; see {@link MemberInfo#seq()}. */
  private long seq;

  EndpointGossip(GossipConfig config, GossipSettings settings, GossipNode.Listener listener,
      LongSupplier clock, RandomGenerator random, Consumer<Runnable> onLoop) {
    this.config = config;
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.random = random;
    this.onLoop = onLoop;
    this.policy = ReapPolicy.of(settings);
    this.tables = new NetworkTables(config.nodeId(), config.incarnation());
    this.directory = new MemberDirectory(
        settings.antiEntropyInterval().toMillis() * HEARD_LEASE_INTERVALS, settings.deadRetention().toMillis());
    this.syncs = new SyncExchanges(new SyncExchanges.Node() {
      @Override
      public ClusterLink link() {
        return links.current();
      }

      @Override
      public int generation() {
        return links.generation();
      }

      @Override
      public void heardFrom(String address) {
        EndpointGossip.this.heardFrom(address);
      }

      @Override
      public void deliver(String networkId, List<Change> changes) {
        EndpointGossip.this.deliver(networkId, changes);
      }
    }, tables, directory, onLoop, clamp(settings.antiEntropyInterval().multipliedBy(2), Duration.ofSeconds(1),
        Duration.ofSeconds(10)));
    this.rejoin = new RejoinTimer(settings.syncInterval().toMillis() * GossipNode.REJOIN_AFTER_SYNC_INTERVALS);
    this.links = new MemberLinks(config, settings, onLoop, new ClusterLink.Handler() {
      @Override
      public void onEvent(Event event) {
        onMembership(event);
      }

      @Override
      public void onMessage(Inbound message) {
        onInbound(message);
      }
    });
  }

  NetworkTables tables() {
    return tables;
  }

  /** The other alive nodes that participate in {@code networkId}. */
  List<Member> alivePeers(String networkId) {
    return directory.aliveParticipants(networkId, now());
  }

  /** How many other nodes are alive. */
  int aliveNodes() {
    return directory.alive(now()).size();
  }

  /**
   * Starts this node's first member and joins through {@code through}, waiting for it.
   *
   * @throws UncheckedIOException if the gossip port cannot be bound
   * @throws IllegalStateException if the member does not start in time
   */
  void join(List<InetSocketAddress> through) {
    try {
      links.adopt(startMember(through, CompletableFuture.completedFuture(null)).join(), through);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * Replaces the member with a new one joining through {@code through}, off the loop's thread: the
   * old member's shutdown and the new one's start (which waits up to a sync timeout for the seeds)
   * would otherwise hold up every table read and write of this node, right when a partition heals.
   * The outcome comes back on the loop; until then the node keeps its tables and sends nothing.
   */
  private void rejoin(List<InetSocketAddress> through, boolean retry) {
    CompletableFuture<Void> closed = leave();
    rejoin.started();
    CompletableFuture<ClusterLink> started = startMember(through, closed);
    int current = links.generation();
    started.whenComplete((member, error) -> onLoop.accept(() -> {
      if (error != null) {
        if (!retry) {
          LOG.warn("node {} could not rejoin, retrying every tick: {}", config.nodeId(),
              (error instanceof CompletionException && error.getCause() != null ? error.getCause() : error).toString());
        }
        rejoin.failed();
        return;
      }
      if (current != links.generation()) {
        member.closeAsync(); // left again meanwhile
      } else {
        links.adopt(member, through);
        if (retry) {
          LOG.info("node {} rejoined through {}", config.nodeId(), MemberLinks.addresses(through));
        }
      }
      rejoin.succeeded();
    }));
  }

  /** Starts a new member once {@code previousClosed} completes; the new link knows nobody yet. */
  private CompletableFuture<ClusterLink> startMember(List<InetSocketAddress> through,
      CompletableFuture<Void> previousClosed) {
    seeds = through;
    directory.allDown(now()); // known members linger as targets
    syncs.clear();
    announced = tables.networks();
    seq++;
    return links.start(through, MemberInfoCodec.encode(info()), previousClosed);
  }

  /** Closes the member; the future completes once its port is free. */
  CompletableFuture<Void> leave() {
    return links.close();
  }

  void seeds(List<InetSocketAddress> newSeeds) {
    seeds = newSeeds;
  }

  void publish(String networkId, String endpointId, String ip, String mac, String name, List<String> aliases) {
    EndpointTable existing = tables.get(networkId);
    Version version = existing == null ? new Version(config.incarnation(), 1) : existing.nextVersion();
    EndpointRecord record = new EndpointRecord(endpointId, networkId, ip, mac, config.dataPathIp(), name,
        aliases, config.nodeId(), version, false);
    EndpointRecord current = tables.ownLive(networkId, endpointId);
    if (current != null && current.samePayload(record)) {
      return;
    }
    EndpointTable table = tables.getOrCreate(networkId);
    List<Change> changes = table.put(record);
    tables.ownWritten(networkId, now());
    deliver(networkId, changes);
    push(networkId, record);
    if (existing == null) {
      announce();
      List<Member> participants = directory.participants(networkId);
      if (!participants.isEmpty()) {
        syncs.with(participants.get(random.nextInt(participants.size())), networkId);
      }
    }
  }

  void withdraw(String networkId, String endpointId) {
    EndpointTable table = tables.get(networkId);
    if (table == null || tables.ownLive(networkId, endpointId) == null) {
      return;
    }
    Version version = table.nextVersion();
    List<Change> changes = table.delete(endpointId, version);
    tables.ownWritten(networkId, now());
    deliver(networkId, changes);
    push(networkId, EndpointRecord.tombstone(endpointId, networkId, config.nodeId(), version));
  }

  /** One anti-entropy round: per network, a digest exchange with one random participant. */
  void antiEntropyRound() {
    for (String networkId : tables.networks()) {
      List<Member> participants = directory.participants(networkId);
      if (!participants.isEmpty()) {
        syncs.with(participants.get(random.nextInt(participants.size())), networkId);
      }
    }
    List<Member> known = directory.known();
    if (!known.isEmpty()) {
      hello(known.get(random.nextInt(known.size())), true); // repairs a hello lost on the way
    }
  }

  /** Every second: owners gone from membership marked down, tables reaped, networks left dropped, rejoin. */
  void tick() {
    long now = now();
    for (Member gone : directory.expire(now)) {
      LOG.info("node {}: forgetting member {} (node {}) at {}, unheard for {}", config.nodeId(), gone.memberId(),
          gone.nodeId(), gone.address(), settings.deadRetention());
    }
    for (EndpointTable table : tables.all()) {
      directory.markAbsentOwnersDown(table, config.nodeId(), now);
      deliver(table.networkId(), table.reap(now, policy));
    }
    checkPeers(now); // a lease may have run out
    List<String> dropped = tables.expire(now, policy.tombstoneTtl().toMillis());
    if (!dropped.isEmpty()) {
      LOG.info("node {} no longer participates in {}", config.nodeId(), dropped);
      announce();
    }
    List<InetSocketAddress> targets = links.withoutSelf(seeds);
    if (rejoin.due(directory.upCount(), !targets.isEmpty(), now)) {
      boolean retry = rejoin.retrying();
      if (!retry) {
        LOG.info("node {} has been alone for {} sync intervals; rejoining through {}", config.nodeId(),
            GossipNode.REJOIN_AFTER_SYNC_INTERVALS, MemberLinks.addresses(targets));
      }
      rejoin(targets, retry);
    }
  }

  private void onMembership(Event event) {
    switch (event.kind()) {
      case ADDED, UPDATED -> memberUp(event);
      case LEAVING, REMOVED -> memberDown(event);
    }
  }

  private void memberUp(Event event) {
    if (event.newMetadata() == null) {
      // ScaleCube announces a member it learned of only as leaving without metadata; LEAVING follows
      LOG.debug("member {} at {} announced without metadata", event.memberId(), event.address());
      return;
    }
    MemberInfo info;
    try {
      info = MemberInfoCodec.decode(event.newMetadata());
    } catch (MalformedPayloadException e) {
      LOG.warn("ignoring member {} at {}: malformed metadata: {}", event.memberId(), event.address(),
          e.getMessage());
      return;
    }
    if (info.nodeId().equals(config.nodeId())) {
      return; // an earlier member of this very node, still known to others
    }
    Member before = directory.get(event.memberId());
    if (directory.up(event.memberId(), event.address(), info, now())) {
      nodeUp(info.nodeId());
    }
    if (before == null || !before.up()) {
      LOG.info("node {}: member {} (node {}) at {} is up", config.nodeId(), event.memberId(), info.nodeId(),
          event.address());
      Member member = directory.get(event.memberId());
      if (member != null) {
        hello(member, true);
      }
    }
    learned(event.memberId(), before);
  }

  private void memberDown(Event event) {
    Member gone = directory.get(event.memberId());
    if (gone == null || !gone.up()) {
      return;
    }
    long now = now();
    directory.down(event.memberId(), now);
    LOG.info("node {}: member {} (node {}) at {} is {}", config.nodeId(), event.memberId(), gone.nodeId(),
        event.address(), event.kind() == Event.Kind.LEAVING ? "leaving" : "removed");
    if (!directory.nodeAlive(gone.nodeId(), now)) {
      for (EndpointTable table : tables.all()) {
        table.ownerDown(gone.nodeId(), now);
      }
    }
    checkPeers(now);
  }

  /** Tells the listener when the set of alive nodes differs from what it last heard. */
  private void checkPeers(long now) {
    Set<String> alive = new HashSet<>();
    directory.alive(now).forEach(m -> alive.add(m.nodeId()));
    if (!alive.equals(alivePeers)) {
      alivePeers = Set.copyOf(alive);
      try {
        listener.peersChanged();
      } catch (RuntimeException e) {
        LOG.warn("listener failed on a change of alive peers", e);
      }
    }
  }

  private void onHello(Hello hello, String sender) {
    if (!hello.address().equals(sender)) {
      throw new IllegalArgumentException("hello names " + hello.address() + " but came from " + sender);
    }
    if (hello.info().nodeId().equals(config.nodeId())) {
      return; // an earlier member of this very node
    }
    Member before = directory.get(hello.memberId());
    if (directory.heard(hello.memberId(), hello.address(), hello.info(), now())) {
      LOG.info("node {}: heard from node {} at {} ({})", config.nodeId(), hello.info().nodeId(), sender,
          hello.memberId());
      nodeUp(hello.info().nodeId());
    }
    learned(hello.memberId(), before);
    Member member = directory.get(hello.memberId());
    if (hello.replyWanted() && member != null) {
      hello(member, false);
    }
  }

  /** After news of a member: an exchange of every network it newly shares with this node. */
  private void learned(String memberId, Member before) {
    Member member = directory.get(memberId);
    if (member == null) {
      return; // superseded by a newer incarnation of its node
    }
    Set<String> known = before == null ? Set.of() : before.info().networks();
    for (String networkId : member.info().networks()) {
      if (tables.contains(networkId) && !known.contains(networkId)) {
        syncs.with(member, networkId);
      }
    }
  }

  private void nodeUp(String nodeId) {
    for (EndpointTable table : tables.all()) {
      table.ownerUp(nodeId);
    }
    checkPeers(now());
  }

  private void onInbound(Inbound message) {
    if (SyncExchanges.SYNC_REPLY.equals(message.qualifier())) {
      return; // taken by the waiting request
    }
    if (!PUSH.equals(message.qualifier()) && !SyncExchanges.SYNC.equals(message.qualifier())
        && !HELLO.equals(message.qualifier())) {
      LOG.debug("ignoring {} from {}", message.qualifier(), message.sender());
      return;
    }
    if (!(message.data() instanceof byte[] payload)) {
      LOG.warn("dropping {} from {}: no payload", message.qualifier(), sender(message.sender()));
      return;
    }
    try {
      if (HELLO.equals(message.qualifier())) {
        onHello(MemberInfoCodec.decodeHello(payload), message.sender());
        return;
      }
      heardFrom(message.sender());
      if (PUSH.equals(message.qualifier())) {
        onPush(EndpointCodec.decodePush(payload), message.sender());
      } else {
        syncs.answer(EndpointCodec.decodeSyncRequest(payload), message, sender(message.sender()));
      }
    } catch (MalformedPayloadException | IllegalArgumentException e) {
      LOG.warn("dropping malformed {} from {}: {}", message.qualifier(), sender(message.sender()),
          e.getMessage());
    }
  }

  private void onPush(Push push, String sender) {
    EndpointTable table = tables.get(push.networkId());
    LOG.debug("push of {} records on {} from {}", push.records().size(), push.networkId(), sender);
    if (table == null) {
      return; // not a participant (any more): the records are not for this node
    }
    deliver(push.networkId(), table.merge(push.records()));
  }

  private void push(String networkId, EndpointRecord record) {
    byte[] payload = EndpointCodec.encode(new Push(networkId, List.of(record)));
    for (Member peer : directory.participants(networkId)) {
      LOG.debug("push of {} on {} to {}", record.endpointId(), networkId, peer.nodeId());
      links.current().send(peer.address(), PUSH, payload);
    }
  }

  /**
   * Announces the networks this node participates in, if they changed: a hello to every known
   * member. ScaleCube's metadata keeps what it said at the join; newer hellos supersede it.
   */
  private void announce() {
    Set<String> networks = tables.networks();
    if (!networks.equals(announced)) {
      announced = networks;
      seq++;
      LOG.debug("node {} announces networks {} (seq {})", config.nodeId(), networks, seq);
      for (Member member : directory.known()) {
        hello(member, false);
      }
    }
  }

  private void hello(Member member, boolean replyWanted) {
    ClusterLink link = links.current();
    link.send(member.address(), HELLO, MemberInfoCodec.encode(
        new Hello(link.memberId(), link.address(), info(), replyWanted)));
  }

  /** A weft message from {@code address} arrived: its member is alive. */
  private void heardFrom(String address) {
    String revived = directory.heardFrom(address, now());
    if (revived != null) {
      LOG.info("node {}: heard from node {} at {} again", config.nodeId(), revived, address);
      nodeUp(revived);
    }
  }

  private void deliver(String networkId, List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    try {
      listener.changed(networkId, changes);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on {} changes of {}", changes.size(), networkId, e);
    }
  }

  private MemberInfo info() {
    return new MemberInfo(config.nodeId(), config.incarnation(), seq, config.dataPathIp(),
        new TreeSet<>(announced));
  }

  /** The address and, if known, node of a sender, for logs. */
  private String sender(String address) {
    Member m = directory.byAddress(address);
    return m == null ? address : "node " + m.nodeId() + " at " + address;
  }

  private long now() {
    return clock.getAsLong();
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
