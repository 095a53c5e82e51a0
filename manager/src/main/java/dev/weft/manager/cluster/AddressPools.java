package dev.weft.manager.cluster;

import dev.weft.proto.AddressPoolSpec;
import java.util.List;

/** Checks {@code --default-addr-pool} and {@code --default-addr-pool-mask-length}. */
public final class AddressPools {
  /** Docker's default pool for swarm-scope networks. */
  public static final String DEFAULT_POOL = "10.0.0.0/8";
  /** Docker's default size of each network's subnet from the pool. */
  public static final int DEFAULT_MASK_LENGTH = 24;
  static final int MIN_MASK = 16;
  static final int MAX_MASK = 29;

  private AddressPools() {}

  /** Validates and normalizes; an empty list means the daemon's default pool. */
  public static AddressPoolSpec validate(List<String> pools, int maskLength, String daemonDefault) {
    int mask = maskLength == 0 ? DEFAULT_MASK_LENGTH : maskLength;
    if (mask < MIN_MASK || mask > MAX_MASK) {
      throw new IllegalArgumentException("invalid --default-addr-pool-mask-length " + maskLength
          + ": it must be between " + MIN_MASK + " and " + MAX_MASK);
    }
    List<String> subnets = pools.isEmpty() ? List.of(daemonDefault) : pools;
    AddressPoolSpec.Builder spec = AddressPoolSpec.newBuilder().setMaskLength(mask);
    for (String pool : subnets) {
      int prefix = prefixOf(pool);
      if (prefix > mask) {
        throw new IllegalArgumentException("invalid --default-addr-pool " + pool
            + ": its prefix /" + prefix + " is longer than the mask length /" + mask);
      }
      spec.addSubnets(pool.trim());
    }
    return spec.build();
  }

  static int prefixOf(String cidr) {
    String text = cidr == null ? "" : cidr.trim();
    int slash = text.indexOf('/');
    String hint = ": expected an IPv4 CIDR such as 198.18.0.0/16";
    if (slash < 0) {
      throw new IllegalArgumentException("invalid --default-addr-pool '" + text + "'" + hint);
    }
    String addr = text.substring(0, slash);
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid --default-addr-pool '" + text + "'" + hint);
    }
    if (!addr.matches("\\d{1,3}(\\.\\d{1,3}){3}") || prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("invalid --default-addr-pool '" + text + "'" + hint);
    }
    // Parsed by hand: InetAddress.getByName would look "300.0.0.0" up in DNS, and would read
    // "010.0.0.0" as 10.0.0.0 where other tools read 8.0.0.0 or refuse it (as Docker does).
    long value = 0;
    for (String octet : addr.split("\\.")) {
      int b = Integer.parseInt(octet);
      if (b > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
        throw new IllegalArgumentException("invalid --default-addr-pool '" + text + "'" + hint);
      }
      value = (value << 8) | b;
    }
    long hostBits = prefix == 0 ? 0xffffffffL : (1L << (32 - prefix)) - 1;
    if ((value & hostBits) != 0) {
      throw new IllegalArgumentException("invalid --default-addr-pool '" + text
          + "': host bits are set; did you mean the network address?");
    }
    return prefix;
  }
}
