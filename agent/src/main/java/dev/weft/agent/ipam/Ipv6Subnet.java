package dev.weft.agent.ipam;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 CIDR block, for {@code --ipv6} networks.
 *
 * @param network the network address as an unsigned 128-bit number (host bits zero)
 * @param prefix the prefix length, 0–128
 */
public record Ipv6Subnet(BigInteger network, int prefix) {
  private static final BigInteger ONE = BigInteger.ONE;

  public Ipv6Subnet {
    if (prefix < 0 || prefix > 128) {
      throw new IllegalArgumentException("prefix /" + prefix + " is outside 0-128");
    }
    if (!network.and(hostMask(prefix)).equals(BigInteger.ZERO)) {
      throw new IllegalArgumentException(format(network) + "/" + prefix + " has host bits set");
    }
  }

  public static boolean looksLikeIpv6(String text) {
    return text != null && text.contains(":");
  }

  public static Ipv6Subnet parse(String cidr) {
    String s = cidr == null ? "" : cidr.trim();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid IPv6 subnet '" + s + "': expected CIDR such as fd00:198:18::/64");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid IPv6 subnet '" + s + "': bad prefix length");
    }
    BigInteger address = parseAddress(s.substring(0, slash));
    if (prefix < 0 || prefix > 128) {
      throw new IllegalArgumentException("invalid IPv6 subnet '" + s + "': prefix must be 0-128");
    }
    if (!address.and(hostMask(prefix)).equals(BigInteger.ZERO)) {
      throw new IllegalArgumentException("invalid IPv6 subnet '" + s + "': host bits are set");
    }
    return new Ipv6Subnet(address, prefix);
  }

  /** Parses an IPv6 literal (never a host name: only hex digits, ':' and '.' are accepted). */
  public static BigInteger parseAddress(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty() || !s.contains(":") || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw new IllegalArgumentException("invalid IPv6 address '" + s + "'");
    }
    try {
      InetAddress address = InetAddress.getByName(s);
      if (!(address instanceof Inet6Address)) {
        throw new IllegalArgumentException("invalid IPv6 address '" + s + "'");
      }
      return new BigInteger(1, address.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid IPv6 address '" + s + "'");
    }
  }

  /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
  public static String format(BigInteger value) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  static BigInteger hostMask(int prefix) {
    return ONE.shiftLeft(128 - prefix).subtract(ONE);
  }

  public BigInteger first() {
    return network;
  }

  public BigInteger last() {
    return network.add(hostMask(prefix));
  }

  public boolean contains(BigInteger address) {
    return address.compareTo(first()) >= 0 && address.compareTo(last()) <= 0;
  }

  public boolean overlaps(Ipv6Subnet other) {
    return first().compareTo(other.last()) <= 0 && other.first().compareTo(last()) <= 0;
  }

  /** The gateway when none is given: the first address after the network's. */
  public BigInteger defaultGateway() {
    return network.add(ONE);
  }

  /**
   * The next address to hand out after {@code last} (null: none yet), skipping the network
   * address, the gateway and addresses in use; wraps around at the end.
   */
  public BigInteger next(BigInteger last, BigInteger gateway, java.util.Set<BigInteger> inUse) {
    BigInteger candidate = last == null || !contains(last) ? network.add(ONE) : last.add(ONE);
    for (int tries = 0; tries < 1_000_000; tries++) {
      if (candidate.compareTo(last()) > 0) {
        candidate = network.add(ONE);
      }
      if (!candidate.equals(network) && !candidate.equals(gateway) && !inUse.contains(candidate)) {
        return candidate;
      }
      candidate = candidate.add(ONE);
    }
    throw new IllegalArgumentException("no IPv6 address left in " + this);
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefix;
  }
}
