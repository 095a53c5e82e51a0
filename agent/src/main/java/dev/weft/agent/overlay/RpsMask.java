package dev.weft.agent.overlay;

/**
 * The {@code rps_cpus} mask that selects CPUs 0..n-1: hexadecimal, in comma-separated groups of
 * 32 CPUs with the highest group first, as the kernel prints and parses it ("ff", "ffffffff",
 * "1,ffffffff" for 33 CPUs). Pure.
 */
final class RpsMask {
  private RpsMask() {}

  static String allCpus(int cpus) {
    if (cpus < 1) {
      throw new IllegalArgumentException("at least one CPU, not " + cpus);
    }
    StringBuilder mask = new StringBuilder();
    int groups = (cpus + 31) / 32;
    for (int g = groups - 1; g >= 0; g--) {
      int inGroup = Math.min(32, cpus - g * 32);
      long bits = inGroup == 32 ? 0xffffffffL : (1L << inGroup) - 1;
      if (mask.length() > 0) {
        mask.append(',').append(String.format("%08x", bits));
      } else {
        mask.append(Long.toHexString(bits));
      }
    }
    return mask.toString();
  }
}
