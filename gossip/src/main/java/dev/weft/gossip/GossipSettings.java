package dev.weft.gossip;

import java.time.Duration;

/**
 * SWIM failure detection and gossip timing, as one record; the presets document each value the
 * way memberlist's {@code DefaultLANConfig()} does.
 *
 * @param pingInterval how often a member probes one random peer
 * @param pingTimeout how long a direct probe may take before indirect probes go out; must be
 *     shorter than {@code pingInterval}
 * @param gossipInterval how often a member sends its pending updates
 * @param gossipFanout how many random peers each gossip round goes to
 * @param suspicionMult scales the suspicion timeout, see {@link #suspicionTimeout(int)}
 * @param syncInterval how often a member does a full exchange of the membership list with one
 *     peer, which repairs whatever membership gossip missed
 * @param antiEntropyInterval how often a node exchanges each endpoint table it holds with one
 *     random peer of that network (digest out, missing records back); repairs lost pushes
 * @param deadRetention how long the entries of a dead member stay visible before they are reaped;
 *     tombstones are kept ten times as long ({@link dev.weft.gossip.table.ReapPolicy#of})
 */
public record GossipSettings(
    Duration pingInterval,
    Duration pingTimeout,
    Duration gossipInterval,
    int gossipFanout,
    int suspicionMult,
    Duration syncInterval,
    Duration antiEntropyInterval,
    Duration deadRetention) {

  /**
   * LAN: for agents on one network with sub-millisecond round trips.
   *
   * <ul>
   *   <li>ping every 200 ms, 100 ms for the direct answer;
   *   <li>gossip every 50 ms to 3 random peers;
   *   <li>suspect a member for 3 × ceil(log2(n)) × 200 ms before declaring it dead: 0.6 s for 2
   *       members, 1.8 s for 8, 4.2 s for 100;
   *   <li>full membership sync every 5 s;
   *   <li>endpoint-table anti-entropy every 1 s: a digest of a few dozen bytes per owner, so a
   *       push lost on the way is repaired within about a second;
   *   <li>a dead member's endpoints stay visible for 60 s (moby#53141: a short partition must not
   *       blank DNS and neighbour entries). Each side of a partition declares the other dead after
   *       the suspicion timeout (up to 6 s with 1000 members) and starts counting; a 30 s
   *       partition must heal, with a few anti-entropy rounds to spare, before anything is reaped,
   *       which 30 s of retention would not guarantee. Tombstones are kept 10 min.
   * </ul>
   */
  public static final GossipSettings LAN = new GossipSettings(
      Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(50), 3, 3,
      Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60));

  /**
   * WAN: for agents across slow links; every interval and timeout is five times LAN's (ping 1 s,
   * timeout 500 ms, gossip 250 ms, membership sync 25 s, anti-entropy 5 s, dead members' endpoints
   * kept 300 s, tombstones 50 min), fanout and suspicion multiplier unchanged, so suspicion lasts
   * 3 × ceil(log2(n)) × 1 s.
   */
  public static final GossipSettings WAN = new GossipSettings(
      Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250), 3, 3,
      Duration.ofSeconds(25), Duration.ofSeconds(5), Duration.ofSeconds(300));

  public GossipSettings {
    requirePositive("pingInterval", pingInterval);
    requirePositive("pingTimeout", pingTimeout);
    requirePositive("gossipInterval", gossipInterval);
    requirePositive("syncInterval", syncInterval);
    requirePositive("antiEntropyInterval", antiEntropyInterval);
    requirePositive("deadRetention", deadRetention);
    if (pingTimeout.compareTo(pingInterval) >= 0) {
      throw new IllegalArgumentException("pingTimeout " + pingTimeout
          + " must be shorter than pingInterval " + pingInterval);
    }
    if (gossipFanout < 1) {
      throw new IllegalArgumentException("gossipFanout must be at least 1, not " + gossipFanout);
    }
    if (suspicionMult < 1) {
      throw new IllegalArgumentException("suspicionMult must be at least 1, not " + suspicionMult);
    }
  }

  /**
   * How long a member stays suspected before it is declared dead:
   * {@code suspicionMult × ceil(log2(max(n, 2))) × pingInterval} (ScaleCube's
   * {@code ClusterMath.suspicionTimeout}). It grows with the log of the cluster size because a
   * suspicion takes about that many gossip rounds to reach everyone, and the suspect must hear of
   * it in time to refute it.
   *
   * @param clusterSize members known, this one included; at least 1
   */
  public Duration suspicionTimeout(int clusterSize) {
    if (clusterSize < 1) {
      throw new IllegalArgumentException("cluster size must be at least 1, not " + clusterSize);
    }
    return pingInterval.multipliedBy((long) suspicionMult * ceilLog2(Math.max(clusterSize, 2)));
  }

  /** ceil(log2(n)) for n ≥ 1: the number of bits needed to count to n - 1. */
  static int ceilLog2(int n) {
    return 32 - Integer.numberOfLeadingZeros(n - 1);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
