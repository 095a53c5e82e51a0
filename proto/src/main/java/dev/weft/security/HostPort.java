package dev.weft.security;

/** A {@code host[:port]} pair as users write addresses on the command line. */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("address has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1-65535");
    }
  }

  /** Parses {@code host}, {@code host:port} or {@code [v6]:port}; the default port fills in. */
  public static HostPort parse(String text, int defaultPort) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty address: give HOST or HOST:PORT");
    }
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("invalid address '" + s + "': missing ']'");
      }
      host = s.substring(1, end);
      if (end + 1 < s.length()) {
        if (s.charAt(end + 1) != ':') {
          throw new IllegalArgumentException("invalid address '" + s + "'");
        }
        port = s.substring(end + 2);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    }
    int p = defaultPort;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid port '" + port + "' in address '" + s + "'");
      }
    }
    try {
      return new HostPort(host, p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid address '" + s + "': " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
