package dev.weft.gossip;

import dev.weft.gossip.transport.BoundTcpTransportFactory;
import dev.weft.gossip.transport.ByteArrayMetadataCodec;
import dev.weft.gossip.transport.FilteredMessageCodec;
import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterConfig;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.ClusterMessageHandler;
import io.scalecube.cluster.membership.MembershipEvent;
import io.scalecube.cluster.transport.api.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ScaleCube cluster membership of this node, and the only class that touches ScaleCube's
 * cluster API: it starts the member with weft's transport, codec and timing, turns ScaleCube's
 * membership events and messages into {@link Event}s and {@link Inbound}s, and sends weft's
 * payloads. A rejoin closes one link and starts another (a new member id, the same port).
 *
 * <p>Callbacks to the {@link Handler} come on ScaleCube's threads; the handler hops them onto the
 * node's event thread.
 */
final class ClusterLink implements AutoCloseable {
  /** How long a member's metadata may take to arrive before it is left out for this round. */
  static final int METADATA_TIMEOUT_MILLIS = 10_000;

  /** Largest frame on the wire: weft's largest payload plus room for ScaleCube's envelope. */
  static final int MAX_FRAME_BYTES = dev.weft.gossip.wire.WireLimits.MAX_PAYLOAD_BYTES + (64 << 10);
  private static final String NAMESPACE = "weft";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);

  /** What membership says about another member; metadata as announced, or null if unknown. */
  record Event(Kind kind, String memberId, String address, byte[] oldMetadata, byte[] newMetadata) {
    enum Kind { ADDED, UPDATED, LEAVING, REMOVED }
  }

  /** A weft message from another member; {@code data} as decoded by ScaleCube, checked later. */
  record Inbound(String qualifier, String sender, String correlationId, Object data) {}

  /** Receives the link's events, on ScaleCube's threads. */
  interface Handler {
    void onEvent(Event event);

    void onMessage(Inbound message);
  }

  private final List<InetSocketAddress> seeds;
  private final AtomicLong correlation = new AtomicLong();
  private volatile Cluster cluster;
  private volatile boolean closed;

  private ClusterLink(List<InetSocketAddress> seeds) {
    this.seeds = seeds;
  }

  /**
   * Starts a member and joins through {@code seeds}; the future completes with the link once the
   * member runs (ScaleCube waits up to a sync timeout for the seeds' first answer) and fails after
   * {@code timeout}. Nothing blocks the calling thread.
   *
   * <p>The future fails with {@link UncheckedIOException} if the port cannot be bound, and with
   * {@link IllegalStateException} if the member does not start in time.
   */
  static CompletableFuture<ClusterLink> start(GossipConfig config, GossipSettings settings, String memberId,
      List<InetSocketAddress> seeds, byte[] metadata, Handler handler, Duration timeout) {
    List<String> seedAddresses = seeds.stream().map(s -> s.getHostString() + ":" + s.getPort()).toList();
    int syncMillis = millis(settings.syncInterval());
    ClusterConfig clusterConfig = ClusterConfig.defaultLanConfig()
        .memberId(memberId)
        .memberAlias(config.nodeId())
        .externalHost(config.advertiseHost())
        .externalPort(config.port())
        .metadata(metadata)
        .metadataCodec(new ByteArrayMetadataCodec())
        // A member is admitted only once its metadata arrives over TCP; under packet loss a
        // request waits out retransmission backoff (0.2, 0.4, 0.8, 1.6, 3.2 s ...), which
        // ScaleCube's 3 s default cut off again and again, so members under 20% loss stayed out.
        .metadataTimeout(METADATA_TIMEOUT_MILLIS)
        .transport(t -> t.port(config.port())
            .messageCodec(new FilteredMessageCodec(MAX_FRAME_BYTES))
            .maxFrameLength(MAX_FRAME_BYTES)
            .transportFactory(new BoundTcpTransportFactory(config.bindHost())))
        .failureDetector(fd -> fd.pingInterval(millis(settings.pingInterval()))
            .pingTimeout(millis(settings.pingTimeout())))
        .gossip(g -> g.gossipInterval(settings.gossipInterval().toMillis())
            .gossipFanout(settings.gossipFanout()))
        .membership(m -> m.seedMembers(seedAddresses)
            .syncInterval(syncMillis)
            .syncTimeout(Math.min(syncMillis, 3_000))
            .suspicionMult(settings.suspicionMult())
            .namespace(NAMESPACE));
    ClusterLink link = new ClusterLink(List.copyOf(seeds));
    return new ClusterImpl(clusterConfig)
        .handler(c -> link.adapter(handler))
        .start()
        .timeout(timeout)
        .toFuture()
        .handle((cluster, error) -> {
          if (error != null) {
            throw startFailure(config, memberId, timeout, error);
          }
          link.cluster = cluster;
          return link;
        });
  }

  private static RuntimeException startFailure(GossipConfig config, String memberId, Duration timeout, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return new UncheckedIOException("cannot listen on " + config.bindHost() + ":" + config.port()
            + ": " + io.getMessage(), io);
      }
      if (t instanceof java.util.concurrent.TimeoutException) {
        return new IllegalStateException("gossip member " + memberId + " did not start in " + timeout, e);
      }
    }
    return new IllegalStateException("gossip member " + memberId + " did not start: " + e, e);
  }

  /** Passes ScaleCube's callbacks on until the link is closed; they start before start() returns. */
  private ClusterMessageHandler adapter(Handler handler) {
    return new ClusterMessageHandler() {
      @Override
      public void onMessage(Message message) {
        if (!closed) {
          handler.onMessage(new Inbound(message.qualifier(), message.sender(),
              message.correlationId(), message.data()));
        }
      }

      @Override
      public void onMembershipEvent(MembershipEvent event) {
        if (!closed) {
          handler.onEvent(toEvent(event));
        }
      }
    };
  }

  String memberId() {
    return cluster.member().id();
  }

  String address() {
    return cluster.address();
  }

  /** The seeds this member joined through. */
  List<InetSocketAddress> seeds() {
    return seeds;
  }

  /** Sends a one-way message; a failure is logged at DEBUG (anti-entropy repairs it). */
  void send(String address, String qualifier, byte[] payload) {
    cluster.transport()
        .send(address, Message.withData(payload).qualifier(qualifier).build())
        .subscribe(null, e -> LOG.debug("{} to {} failed: {}", qualifier, address, e.toString()));
  }

  /**
   * Sends a request. The future completes with the reply's data ({@code byte[0]} if it carried
   * none), with null if the transport stopped first, or fails after {@code timeout}.
   */
  CompletableFuture<Object> request(String address, String qualifier, byte[] payload, Duration timeout) {
    Message request = Message.withData(payload).qualifier(qualifier)
        .correlationId(memberId() + "/" + correlation.incrementAndGet()).build();
    return cluster.transport().requestResponse(address, request)
        .timeout(timeout)
        .<Object>map(reply -> {
          Object data = reply.data();
          return data == null ? new byte[0] : data;
        })
        .toFuture();
  }

  /** Answers a request. */
  void reply(String address, String correlationId, String qualifier, byte[] payload) {
    cluster.transport()
        .send(address, Message.withData(payload).qualifier(qualifier).correlationId(correlationId).build())
        .subscribe(null, e -> LOG.debug("{} to {} failed: {}", qualifier, address, e.toString()));
  }

  /** Announces new metadata; members see an UPDATED event once the gossip reaches them. */
  void updateMetadata(byte[] metadata) {
    cluster.updateMetadata(metadata)
        .subscribe(null, e -> LOG.warn("announcing metadata failed: {}", e.toString()));
  }

  /** Leaves the cluster and stops the transport, waiting at most a few seconds. */
  @Override
  public void close() {
    try {
      closeAsync().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("gossip member {} did not shut down cleanly: {}", memberId(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Leaves the cluster and stops the transport without waiting; the future completes once the
   * port is free (or after a few seconds, if the shutdown hangs).
   */
  CompletableFuture<Void> closeAsync() {
    closed = true;
    cluster.shutdown();
    return cluster.onShutdown().timeout(Duration.ofSeconds(5)).toFuture()
        .handle((done, error) -> {
          if (error != null) {
            LOG.debug("gossip member {} did not shut down cleanly: {}", memberId(), error.toString());
          }
          return null;
        });
  }

  private static Event toEvent(MembershipEvent e) {
    Event.Kind kind = switch (e.type()) {
      case ADDED -> Event.Kind.ADDED;
      case UPDATED -> Event.Kind.UPDATED;
      case LEAVING -> Event.Kind.LEAVING;
      case REMOVED -> Event.Kind.REMOVED;
    };
    return new Event(kind, e.member().id(), e.member().address(), bytes(e.oldMetadata()),
        bytes(e.newMetadata()));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.slice();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static int millis(Duration d) {
    return Math.toIntExact(d.toMillis());
  }
}
