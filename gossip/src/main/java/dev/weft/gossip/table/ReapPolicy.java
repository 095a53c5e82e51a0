package dev.weft.gossip.table;

import dev.weft.gossip.GossipSettings;
import java.time.Duration;

/**
 * How long a table keeps what it may eventually forget: the entries of an owner that is down or
 * has restarted, and tombstones.
 *
 * <p>Why the tombstone TTL must be longer than the owner retention: a tombstone stops an older put
 * of the same endpoint from coming back, on a node that has not seen the delete yet. A node cut
 * off from an owner for longer than the failure-detection time plus {@code ownerRetention} drops
 * all of that owner's entries (and pulls them afresh when the owner is back), so it cannot keep a
 * stale put; a shorter cut heals while its peers still hold the tombstone, as long as
 * {@code tombstoneTtl > suspicion timeout + ownerRetention + a few sync intervals}. What no TTL
 * covers is a node that membership sees as up but that misses every anti-entropy exchange for
 * longer than the TTL: it keeps the old put (see the package documentation).
 *
 * @param ownerRetention how long the entries of a down owner, or of an owner's earlier
 *     incarnation, stay visible; rides out short partitions and restarts
 * @param tombstoneTtl how long a tombstone is kept after this node learned it; at least
 *     {@code ownerRetention}
 */
public record ReapPolicy(Duration ownerRetention, Duration tombstoneTtl) {

  /** How many owner retentions a tombstone is kept by default: {@value}. */
  public static final int TOMBSTONE_TTL_FACTOR = 10;

  public ReapPolicy {
    if (ownerRetention == null || ownerRetention.isNegative()) {
      throw new IllegalArgumentException("ownerRetention must not be negative, not " + ownerRetention);
    }
    if (tombstoneTtl == null || tombstoneTtl.compareTo(ownerRetention) < 0) {
      throw new IllegalArgumentException("tombstoneTtl " + tombstoneTtl
          + " must be at least ownerRetention " + ownerRetention);
    }
  }

  /**
   * The policy for a gossip setting: owners are retained for {@code deadRetention}, tombstones
   * for {@value #TOMBSTONE_TTL_FACTOR} × {@code deadRetention}. LAN: 60 s and 10 min; WAN: 300 s
   * and 50 min. A tombstone is a few dozen bytes, so a long TTL is cheap; it only has to clear the
   * bound in the class documentation by a wide margin (LAN with 1000 members: 6 s suspicion + 60 s
   * retention + a few 1 s anti-entropy rounds, about 70 s).
   */
  public static ReapPolicy of(GossipSettings settings) {
    Duration retention = settings.deadRetention();
    return new ReapPolicy(retention, retention.multipliedBy(TOMBSTONE_TTL_FACTOR));
  }
}
