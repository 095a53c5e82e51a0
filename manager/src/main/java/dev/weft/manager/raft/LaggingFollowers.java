package dev.weft.manager.raft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which followers the leader should reconnect to: a follower that answers the leader, yet has
 * not reached for a whole {@code window} the commit index the leader had when that window began.
 *
 * <p>That is a follower whose log stream is stuck while its heartbeat stream is not. Ratis sends
 * heartbeats and log entries over two TCP connections; when a partition heals, the entries'
 * connection can stay silent for tens of seconds (its retransmission timer backed off during the
 * partition), so heartbeats get through and entries do not, and the follower never catches up.
 * A follower that does not answer at all is left alone: it is down, and nothing on this side
 * makes it come back sooner, and so is a member for less than a window (one being added to the
 * group starts behind, and before its server listens).
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
      boolean answers = f.sinceLastAnswerMs() < windowMs;
      boolean seenForAWindow = firstSeenAt.get(id) <= nowMs - windowMs; // a member being added starts behind
      if (answers && seenForAWindow && f.commitIndex() < windowStart.leaderCommit()
          && (last == null || last <= nowMs - windowMs)) {
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
