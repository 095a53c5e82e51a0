package dev.weft.gossip;

import dev.weft.gossip.ClusterLink.Inbound;
import dev.weft.gossip.MemberDirectory.Member;
import dev.weft.gossip.table.Change;
import dev.weft.gossip.table.EndpointTable;
import dev.weft.gossip.table.SyncReply;
import dev.weft.gossip.table.Version;
import dev.weft.gossip.wire.EndpointCodec;
import dev.weft.gossip.wire.MalformedPayloadException;
import dev.weft.gossip.wire.SyncRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-entropy, both sides: this node's requests (own digest out, the peer's missing records back,
 * at most {@link #MAX_IN_FLIGHT} outstanding, the rest queued in a {@link SyncQueue}) and its
 * answers to others' requests. Used on the node's event thread only; replies that arrive for a
 * link that has since been replaced are dropped.
 */
final class SyncExchanges {
  static final String SYNC = "weft/endpoints/sync";
  static final String SYNC_REPLY = "weft/endpoints/syncReply";
  /** Anti-entropy requests one node has outstanding at most; see {@link SyncQueue}. */
  static final int MAX_IN_FLIGHT = 4;
  private static final Logger LOG = LoggerFactory.getLogger(SyncExchanges.class);

  /** What an exchange needs from the node it runs in. */
  interface Node {
    /** The current link; replaced on a rejoin. */
    ClusterLink link();

    /** Bumped whenever the link is closed or replaced. */
    int generation();

    /** A reply came from {@code address}: its member is alive. */
    void heardFrom(String address);

    /** Hands a table's changes to the listener. */
    void deliver(String networkId, List<Change> changes);
  }

  private final Node node;
  private final NetworkTables tables;
  private final MemberDirectory directory;
  private final Consumer<Runnable> onLoop;
  private final Duration timeout;
  private final SyncQueue queue = new SyncQueue(MAX_IN_FLIGHT);

  SyncExchanges(Node node, NetworkTables tables, MemberDirectory directory, Consumer<Runnable> onLoop,
      Duration timeout) {
    this.node = node;
    this.tables = tables;
    this.directory = directory;
    this.onLoop = onLoop;
    this.timeout = timeout;
  }

  /** Forgets queued exchanges (the link is being replaced; outstanding replies will be dropped). */
  void clear() {
    queue.clear();
  }

  /** Queues an exchange of {@code networkId}'s table with {@code peer}, and starts what may start. */
  void with(Member peer, String networkId) {
    if (peer != null && tables.contains(networkId)) {
      queue.offer(new SyncQueue.Sync(networkId, peer.memberId()));
      start();
    }
  }

  /** Answers another node's request with what this node has that the request's digest lacks. */
  void answer(SyncRequest request, Inbound message, String sender) {
    if (message.correlationId() == null) {
      throw new IllegalArgumentException("sync request without a correlation id");
    }
    EndpointTable table = tables.get(request.networkId());
    SyncReply reply = table == null
        ? new SyncReply(request.networkId(), request.digest(), Map.of(), List.of())
        : table.answer(request.digest());
    byte[] payload;
    try {
      payload = EndpointCodec.encode(reply);
    } catch (IllegalArgumentException e) {
      LOG.warn("cannot answer the sync of {} from {}: {}", request.networkId(), sender, e.getMessage());
      return;
    }
    LOG.debug("answering sync of {} from {} with {} records", request.networkId(), sender, reply.records().size());
    node.link().reply(message.sender(), message.correlationId(), SYNC_REPLY, payload);
  }

  private void start() {
    for (SyncQueue.Sync next = queue.poll(); next != null; next = queue.poll()) {
      Member peer = directory.get(next.memberId());
      EndpointTable table = tables.get(next.networkId());
      if (peer == null || table == null) {
        queue.done(); // the member left or the network was dropped while the exchange waited
        continue;
      }
      request(peer, next.networkId(), table.digest());
    }
  }

  private void request(Member peer, String networkId, Map<String, Version> digest) {
    int generation = node.generation();
    LOG.debug("sync of {} with {}", networkId, peer.nodeId());
    node.link().request(peer.address(), SYNC, EndpointCodec.encode(new SyncRequest(networkId, digest)), timeout)
        .whenComplete((data, error) -> onLoop.accept(() -> {
          if (generation != node.generation()) {
            return;
          }
          queue.done();
          if (error != null || data == null) { // data is null when the transport stopped first
            LOG.debug("sync of {} with {} failed: {}", networkId, peer.nodeId(),
                error == null ? "no reply" : error.toString());
          } else {
            node.heardFrom(peer.address());
            merge(peer, networkId, digest, data);
          }
          start();
        }));
  }

  private void merge(Member peer, String networkId, Map<String, Version> sent, Object data) {
    try {
      if (!(data instanceof byte[] payload)) {
        throw new MalformedPayloadException("no payload");
      }
      SyncReply reply = EndpointCodec.decodeSyncReply(payload);
      if (!reply.networkId().equals(networkId)) {
        throw new MalformedPayloadException("reply for " + reply.networkId() + " to a sync of " + networkId);
      }
      EndpointTable table = tables.get(networkId);
      if (table != null) {
        // The digest this node sent, not the one echoed back: coverage is raised only on what was asked.
        node.deliver(networkId, table.merge(new SyncReply(networkId, sent, reply.digest(), reply.records())));
      }
    } catch (MalformedPayloadException | IllegalArgumentException e) {
      LOG.warn("dropping malformed sync reply from node {} at {}: {}", peer.nodeId(), peer.address(),
          e.getMessage());
    }
  }
}
