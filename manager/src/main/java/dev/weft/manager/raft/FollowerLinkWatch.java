package dev.weft.manager.raft;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader, every {@link #PERIOD}: opens new connections to each follower that
 * {@link LaggingFollowers} names (silent for a window, or answering while its log stream has been
 * stuck for a window).
 * Closing the old connections can take seconds, so that runs on the admin executor, one at a
 * time per follower.
 */
final class FollowerLinkWatch implements AutoCloseable {
  /** How often the leader looks at its followers. */
  static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(FollowerLinkWatch.class);

  /** What the leader sees: its commit index and each follower by id. */
  record LeaderView(long commitIndex, Map<String, LaggingFollowers.Follower> followers) {}

  /** The leader's side of the links: what it sees, and how to reconnect to one follower. */
  interface Links {
    /** Empty unless this manager leads. */
    Optional<LeaderView> leaderView();

    /** Closes the connections to the follower; the next message to it opens new ones. */
    void reconnect(String followerId);
  }

  private final Links links;
  private final Duration window;
  private final InstantSource clock;
  private final ExecutorService admin;
  private final LaggingFollowers lagging;
  private final Set<String> reconnecting = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> periodic;

  /**
   * @param window how long a follower that answers may stay behind the leader's commit index
   *     before its connections are replaced (the Raft request timeout: longer than any healthy
   *     catch-up on a LAN, shorter than a user waits)
   */
  FollowerLinkWatch(Links links, Duration window, InstantSource clock, ScheduledExecutorService scheduler,
      ExecutorService admin) {
    this.links = links;
    this.window = window;
    this.clock = clock;
    this.admin = admin;
    this.lagging = new LaggingFollowers(window);
    this.periodic = scheduler.scheduleWithFixedDelay(this::tick, PERIOD.toMillis(), PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      Optional<LeaderView> view = links.leaderView();
      if (view.isEmpty()) {
        lagging.clear();
        return;
      }
      for (String id : lagging.observe(clock.millis(), view.get().commitIndex(), view.get().followers())) {
        if (!reconnecting.add(id)) {
          continue;
        }
        long silentMs = view.get().followers().get(id).sinceLastAnswerMs();
        if (silentMs >= window.toMillis()) {
          // Down, or back while the old connection waits out its backoff: once per window, so DEBUG.
          log.debug("Raft follower {} has not answered for {} ms: opening new connections to it", id, silentMs);
        } else {
          log.info("Raft follower {} answers but has stayed behind commit index {} for {} s: opening new connections"
              + " to it", id, view.get().commitIndex(), window.toSeconds());
        }
        admin.execute(() -> {
          try {
            links.reconnect(id);
          } finally {
            reconnecting.remove(id);
          }
        });
      }
    } catch (RuntimeException e) {
      log.warn("checking the Raft followers failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    periodic.cancel(false);
  }
}
