package dev.weft.gossip.table;

/**
 * The version of one write by an endpoint's owner: {@code (incarnation, counter)}, compared
 * lexicographically.
 *
 * <p>The owner's incarnation grows every time its daemon starts, and the counter grows with every
 * write the owner makes during one incarnation. So a restarted owner's first write,
 * {@code (i + 1, 1)}, is newer than anything it wrote before, {@code (i, 999)} included, although
 * its counter started again. Versions of different owners are never compared with each other.
 *
 * @param incarnation which start of the owner's daemon made the write; at least 0
 * @param counter the owner's write counter within that incarnation; at least 0
 */
public record Version(long incarnation, long counter) implements Comparable<Version> {

  /** Below every write: what a table holds of an owner it has heard nothing from. */
  public static final Version ZERO = new Version(0, 0);

  public Version {
    if (incarnation < 0 || counter < 0) {
      throw new IllegalArgumentException(
          "incarnation and counter must not be negative: " + incarnation + "." + counter);
    }
  }

  /** The next write of the same incarnation. */
  public Version next() {
    return new Version(incarnation, Math.addExact(counter, 1));
  }

  /** Whether this version is strictly newer than {@code other}. */
  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  /** The newer of two versions. */
  public static Version max(Version a, Version b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public int compareTo(Version other) {
    int byIncarnation = Long.compare(incarnation, other.incarnation);
    return byIncarnation != 0 ? byIncarnation : Long.compare(counter, other.counter);
  }

  /** {@code incarnation.counter}, as in logs. */
  @Override
  public String toString() {
    return incarnation + "." + counter;
  }
}
