package dev.weft.manager.raft;

import java.time.Duration;

/**
 * Raft timing, as one record; {@link RatisProperties} turns it into Ratis keys.
 *
 * @param electionTimeoutMin a follower that hears nothing from the leader for a random time in
 *     [min, max] starts an election (with pre-vote, so it first asks whether it could win)
 * @param electionTimeoutMax see {@code electionTimeoutMin}
 * @param requestTimeout how long one Raft RPC may take
 * @param writeTimeout how long a client write may wait for a leader to commit it before the
 *     caller is told that no quorum is reachable
 * @param leaderStepDownWait a leader that has not heard from a majority for this long steps down,
 *     so an isolated leader stops claiming leadership
 * @param snapshotEveryEntries take a snapshot after this many log entries
 */
public record RaftSettings(
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    Duration writeTimeout,
    Duration leaderStepDownWait,
    long snapshotEveryEntries) {

  /**
   * LAN: leader heartbeats go out at min/2 = 150 ms; a dead leader is noticed after 0.3–0.6 s
   * and a new one elected within about one more round trip, so failover stays well under 2 s
   * (Docker Swarm: 10–22 s here). Twice the heartbeat interval still separates a dead leader
   * from a GC pause of a busy 2-core host, and pre-vote keeps a rejoining manager from deposing
   * a healthy leader.
   */
  public static final RaftSettings LAN = new RaftSettings(
      Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3),
      Duration.ofSeconds(5), Duration.ofSeconds(3), 10_000);

  /** WAN: for managers across slow links; five times the LAN timeouts. */
  public static final RaftSettings WAN = new RaftSettings(
      Duration.ofMillis(1500), Duration.ofMillis(3000), Duration.ofSeconds(10),
      Duration.ofSeconds(20), Duration.ofSeconds(15), 10_000);

  public RaftSettings {
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeout max must exceed min");
    }
  }

  public static RaftSettings preset(String name) {
    return switch (name.toLowerCase()) {
      case "lan" -> LAN;
      case "wan" -> WAN;
      default -> throw new IllegalArgumentException("unknown Raft preset '" + name + "': use lan or wan");
    };
  }
}
