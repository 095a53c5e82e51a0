package dev.weft.net;


import java.util.Set;

/**
 * Serial allocation inside a {@link SubnetPlan}'s range: the next free address after the last
 * one handed out, wrapping to the start of the range only when its end is reached.
 */
public final class AddressAllocator {
  private AddressAllocator() {}

  /**
   * @param last the last address handed out in this subnet, or -1
   * @param inUse addresses held now
   * @return the address to hand out
   * @throws IllegalArgumentException naming the range when none is free
   */
  public static long next(SubnetPlan plan, long last, Set<Long> inUse) {
    Ipv4Subnet range = plan.range();
    long size = range.size();
    long start = last >= range.first() && last < range.last() ? last + 1 : range.first();
    for (long i = 0; i < size; i++) {
      long candidate = range.first() + Math.floorMod(start - range.first() + i, size);
      if (!plan.reserved().contains(candidate) && !inUse.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no address left in " + (range.equals(plan.subnet()) ? "subnet " : "ip-range ")
        + range + ": every address is in use or reserved");
  }
}
