package dev.weft.manager.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which followers the leader should reconnect to: a follower that has not answered the leader
 * for a whole {@code window}, or that answers but has not reached, for a whole window, the commit
 * index the leader had when that window began.
 *
 * <p>A follower that answers yet stays behind has a stuck log stream while its heartbeat stream
 * works. Ratis sends heartbeats and log entries over two TCP connections; when a partition heals,
 * the entries' connection can stay silent for tens of seconds, so heartbeats get through and
 * entries do not, and the follower never catches up.
 *
 * <p>A follower that does not answer at all may be down, or may be reachable again while the
 * leader's connection to it waits out gRPC's reconnect backoff, which grows with the length of
 * the partition (a follower cut off for 17 s heard nothing for another 16 s after the heal).
 * A new connection costs one attempt per window if it is down, and ends the wait if it is back.
 *
 * <p>A member for less than a window is left alone: one being added to the group starts behind,
 * and before its server listens.
 *
 * <p>Pure: fed one sample per tick; each follower is named at most once per window.
 */
final class LaggingFollowers {
  /** What the leader sees of one follower at a tick. */
  record Follower(long commitIndex, long sinceLastAnswerMs) {}

  private record Sample(long atMs, long leaderCommit) {}

  private final long windowMs;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, Long> reconnectedAt = new HashMap<>();
  private final Map<String, Long> firstSeenAt = new HashMap<>();

  LaggingFollowers(Duration window) {
    this.windowMs = window.toMillis();
  }

  /**
   * @param nowMs the leader's clock
   * @param leaderCommit the leader's commit index now
   * @param followers each follower by id
   * @return the followers to reconnect to now, by id
   */
  Set<String> observe(long nowMs, long leaderCommit, Map<String, Follower> followers) {
    samples.add(new Sample(nowMs, leaderCommit));
    while (samples.size() > 1 && samples.get(1).atMs() <= nowMs - windowMs) {
      samples.remove(0); // keep the newest sample that is at least a window old, and all after it
    }
    reconnectedAt.keySet().retainAll(followers.keySet());
    firstSeenAt.keySet().retainAll(followers.keySet());
    followers.keySet().forEach(id -> firstSeenAt.putIfAbsent(id, nowMs));
    Set<String> lagging = new TreeSet<>();
    Sample windowStart = samples.get(0);
    if (windowStart.atMs() > nowMs - windowMs) {
      return lagging; // not a whole window of history yet
    }
    followers.forEach((id, f) -> {
      Long last = reconnectedAt.get(id);
      boolean seenForAWindow = firstSeenAt.get(id) <= nowMs - windowMs; // a member being added starts behind
      boolean silent = f.sinceLastAnswerMs() >= windowMs;
      boolean behind = f.commitIndex() < windowStart.leaderCommit();
      if (seenForAWindow && (silent || behind) && (last == null || last <= nowMs - windowMs)) {
        lagging.add(id);
        reconnectedAt.put(id, nowMs);
      }
    });
    return lagging;
  }

  /** Forgets the history: this manager stopped leading, and what it saw of followers is stale. */
  void clear() {
    samples.clear();
    reconnectedAt.clear();
    firstSeenAt.clear();
  }
}
