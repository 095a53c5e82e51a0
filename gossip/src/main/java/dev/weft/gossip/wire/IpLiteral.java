package dev.weft.gossip.wire;

import java.util.regex.Pattern;

/**
 * Whether a string is an IPv4 or IPv6 literal, by shape only, without any name lookup: the same
 * rule {@link dev.weft.gossip.table.EndpointRecord} applies to endpoint addresses, used here for
 * the addresses a member announces about itself.
 */
public final class IpLiteral {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  /** Hex digits, dots and at least two colons, at most 45 characters (the longest IPv6 text). */
  private static final Pattern IPV6 = Pattern.compile("[\\p{XDigit}:.]*:[\\p{XDigit}:.]*:[\\p{XDigit}:.]*");
  private static final int MAX_LENGTH = 45;

  private IpLiteral() {}

  /** Whether {@code value} is an IPv4 dotted quad or has the shape of an IPv6 literal. */
  public static boolean isValid(String value) {
    return value != null && value.length() <= MAX_LENGTH
        && (IPV4.matcher(value).matches() || IPV6.matcher(value).matches());
  }
}
