package dev.weft.gossip;

/**
 * Decides when a node that has lost every other member rejoins through its seeds: once it has been
 * alone for {@code aloneMillis}, and again every {@code aloneMillis} while it stays alone. A rejoin
 * that failed (no member runs, e.g. the node's address is gone while its link is down, so it cannot
 * hear anyone) is due again at the next call; none is due while one is under way. Pure; times are milliseconds of the node's monotonic
 * clock.
 */
final class RejoinTimer {
  private static final long NOT_ALONE = -1;

  private final long aloneMillis;
  private long aloneSince = NOT_ALONE;
  private boolean failed;
  private boolean inFlight;

  RejoinTimer(long aloneMillis) {
    if (aloneMillis <= 0) {
      throw new IllegalArgumentException("aloneMillis must be positive, not " + aloneMillis);
    }
    this.aloneMillis = aloneMillis;
  }

  /**
   * Called periodically with the number of other members alive; true when a rejoin is due (the
   * timer then starts over, so a failed rejoin is retried {@code aloneMillis} later).
   */
  boolean due(int otherMembers, boolean hasSeeds, long nowMillis) {
    if (inFlight) {
      return false;
    }
    if (failed && hasSeeds) {
      return true;
    }
    if (otherMembers > 0) {
      aloneSince = NOT_ALONE;
      return false;
    }
    if (aloneSince == NOT_ALONE) {
      aloneSince = nowMillis;
      return false;
    }
    if (hasSeeds && nowMillis - aloneSince >= aloneMillis) {
      aloneSince = nowMillis;
      return true;
    }
    return false;
  }

  /** A rejoin is under way: none is due until it {@link #failed} or {@link #succeeded}. */
  void started() {
    inFlight = true;
  }

  /** The rejoin just attempted failed: try again at the next call. */
  void failed() {
    inFlight = false;
    failed = true;
  }

  /** The rejoin just attempted started a member: the alone period starts over. */
  void succeeded() {
    inFlight = false;
    failed = false;
    aloneSince = NOT_ALONE;
  }

  /** Whether the next rejoin retries a failed one. */
  boolean retrying() {
    return failed;
  }
}
