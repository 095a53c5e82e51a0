package dev.weft.net;

/**
 * An IPv4 CIDR block.
 *
 * @param network the network address (host bits zero)
 * @param prefix the prefix length, 0–32
 */
public record Ipv4Subnet(long network, int prefix) {
  public Ipv4Subnet {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix /" + prefix + " is outside 0-32");
    }
    if (network < 0 || network > 0xffffffffL) {
      throw new IllegalArgumentException("network address " + network + " is not an IPv4 address");
    }
    if ((network & hostMask(prefix)) != 0) {
      throw new IllegalArgumentException(Ipv4.format(network) + "/" + prefix + " has host bits set");
    }
  }

  /** Parses {@code a.b.c.d/n}; host bits must be zero. */
  public static Ipv4Subnet parse(String cidr) {
    String s = cidr == null ? "" : cidr.trim();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid subnet '" + s + "': expected CIDR such as 198.18.200.0/24");
    }
    int prefix;
    try {
      String p = s.substring(slash + 1);
      if (p.isEmpty() || !p.chars().allMatch(c -> c >= '0' && c <= '9') || p.length() > 2) {
        throw new NumberFormatException();
      }
      prefix = Integer.parseInt(p);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid subnet '" + s + "': bad prefix length");
    }
    long address;
    try {
      address = Ipv4.parse(s.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid subnet '" + s + "': expected CIDR such as 198.18.200.0/24");
    }
    if (prefix > 32) {
      throw new IllegalArgumentException("invalid subnet '" + s + "': prefix longer than 32");
    }
    if ((address & hostMask(prefix)) != 0) {
      throw new IllegalArgumentException("invalid subnet '" + s + "': host bits are set (did you mean "
          + Ipv4.format(address & ~hostMask(prefix) & 0xffffffffL) + "/" + prefix + "?)");
    }
    return new Ipv4Subnet(address, prefix);
  }

  static long hostMask(int prefix) {
    return prefix == 0 ? 0xffffffffL : (1L << (32 - prefix)) - 1;
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  public long first() {
    return network;
  }

  public long last() {
    return network + size() - 1;
  }

  public boolean contains(long address) {
    return address >= first() && address <= last();
  }

  public boolean contains(Ipv4Subnet other) {
    return contains(other.first()) && contains(other.last());
  }

  public boolean overlaps(Ipv4Subnet other) {
    return first() <= other.last() && other.first() <= last();
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefix;
  }
}
