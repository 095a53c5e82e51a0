package dev.weft.gossip;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's ScaleCube member, one after another: each start gets a new member id (node,
 * incarnation, count) and a new generation, and the member's callbacks reach the {@code target} on
 * the loop only while its generation is current, so nothing of a replaced member is acted on.
 * Used on the loop's thread only.
 */
final class MemberLinks {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Logger LOG = LoggerFactory.getLogger(MemberLinks.class);

  private final GossipConfig config;
  private final GossipSettings settings;
  private final Consumer<Runnable> onLoop;
  private final ClusterLink.Handler target;
  private ClusterLink current;
  /** Bumped whenever the member is closed or replaced. */
  private int generation;
  /** How many members this node has started; part of the member id. */
  private int starts;

  MemberLinks(GossipConfig config, GossipSettings settings, Consumer<Runnable> onLoop, ClusterLink.Handler target) {
    this.config = config;
    this.settings = settings;
    this.onLoop = onLoop;
    this.target = target;
  }

  /** The member in use (possibly closed while its replacement starts); null before the first. */
  ClusterLink current() {
    return current;
  }

  int generation() {
    return generation;
  }

  /**
   * Starts a new member joining through {@code seeds} once {@code previousClosed} completes (the
   * port must be free again); it becomes current through {@link #adopt}. Off the calling thread.
   */
  CompletableFuture<ClusterLink> start(List<InetSocketAddress> seeds, byte[] metadata,
      CompletableFuture<Void> previousClosed) {
    int mine = ++generation;
    String memberId = config.nodeId() + "/" + config.incarnation() + "/" + ++starts;
    ClusterLink.Handler handler = new ClusterLink.Handler() {
      @Override
      public void onEvent(ClusterLink.Event event) {
        onLoop.accept(() -> {
          if (mine == generation) {
            target.onEvent(event);
          }
        });
      }

      @Override
      public void onMessage(ClusterLink.Inbound message) {
        onLoop.accept(() -> {
          if (mine == generation) {
            target.onMessage(message);
          }
        });
      }
    };
    return previousClosed.thenCompose(ignored -> ClusterLink.start(config, settings, memberId, withoutSelf(seeds),
        metadata, handler, START_TIMEOUT));
  }

  /** Makes a started member the current one. */
  void adopt(ClusterLink member, List<InetSocketAddress> seeds) {
    current = member;
    LOG.info("node {} gossiping on {} as {}, seeds {}", config.nodeId(), member.address(), member.memberId(),
        addresses(withoutSelf(seeds)));
  }

  /** {@code addresses} without this node's own (advertised or bound). */
  List<InetSocketAddress> withoutSelf(List<InetSocketAddress> addresses) {
    String self = config.advertisedAddress();
    String bound = config.bindHost() + ":" + config.port();
    return addresses.stream()
        .filter(a -> !(a.getHostString() + ":" + a.getPort()).equals(self)
            && !(a.getHostString() + ":" + a.getPort()).equals(bound))
        .toList();
  }

  static List<String> addresses(List<InetSocketAddress> addresses) {
    return addresses.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
  }

  /** Closes the current member; the future completes once its port is free. */
  CompletableFuture<Void> close() {
    generation++;
    return current != null ? current.closeAsync() : CompletableFuture.completedFuture(null);
  }
}
