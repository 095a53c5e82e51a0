package dev.weft.gossip.table;

/**
 * What one table knows about one owner besides its entries. Mutable; owned by one
 * {@link EndpointTable}.
 *
 * <p>{@code covered} is the owner's entry in the digest: every write of the owner up to it is
 * reflected in the table, or is known to be obsolete (overwritten, deleted and reaped, or from an
 * incarnation the owner has left). It is not simply the highest version seen: a pushed record may
 * overtake an earlier one that was lost, and claiming the later one would stop peers from ever
 * sending the earlier. It rises only through the owner's own writes (on the owner) and through
 * complete anti-entropy replies (everywhere else), and drops to zero when the owner's entries are
 * reaped.
 */
final class OwnerState {
  private Version covered = Version.ZERO;
  private long highestIncarnation;
  private boolean down;
  private long downSinceMillis;
  private boolean reaped;

  Version covered() {
    return covered;
  }

  void cover(Version version) {
    covered = Version.max(covered, version);
    learnIncarnation(version.incarnation());
  }

  long highestIncarnation() {
    return highestIncarnation;
  }

  void learnIncarnation(long incarnation) {
    highestIncarnation = Math.max(highestIncarnation, incarnation);
  }

  boolean down() {
    return down;
  }

  long downSinceMillis() {
    return downSinceMillis;
  }

  /** Marks the owner down from {@code nowMillis}, unless it already is (the first time counts). */
  void markDown(long nowMillis) {
    if (!down) {
      down = true;
      downSinceMillis = nowMillis;
    }
  }

  /** Whether the owner was down long enough that its entries were removed. */
  boolean reaped() {
    return reaped;
  }

  /**
   * The owner's entries were removed. Coverage goes with them at once: the digest is also what
   * this table answers with, and peers raise their own coverage to it, so it must never claim
   * what the table no longer holds. Once the owner is back, the next exchange pulls its entries.
   */
  void markReaped() {
    reaped = true;
    covered = Version.ZERO;
  }

  /** The owner is back: its records are accepted again. */
  void markUp() {
    down = false;
    reaped = false;
  }
}
