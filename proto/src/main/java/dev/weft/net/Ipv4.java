package dev.weft.net;

/** IPv4 addresses as unsigned 32-bit values, parsed strictly (four decimal octets, no zeros in front). */
public final class Ipv4 {
  private Ipv4() {}

  public static long parse(String text) {
    String s = text == null ? "" : text.trim();
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0')) {
        throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  public static boolean isIpv4(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static String format(long value) {
    return ((value >> 24) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 8) & 0xff) + "." + (value & 0xff);
  }

  /** The MAC Docker derives from an IPv4 address: 02:42 followed by the four octets. */
  public static String macFor(long address) {
    return String.format("02:42:%02x:%02x:%02x:%02x",
        (address >> 24) & 0xff, (address >> 16) & 0xff, (address >> 8) & 0xff, address & 0xff);
  }
}
