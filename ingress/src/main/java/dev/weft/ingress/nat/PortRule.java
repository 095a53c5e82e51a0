package dev.weft.ingress.nat;

import java.util.Comparator;

/**
 * A published port: traffic to {@code hostIp:hostPort} (any of the host's addresses when
 * {@code hostIp} is empty) goes to {@code targetIp:targetPort}.
 *
 * @param protocol tcp or udp
 */
public record PortRule(String hostIp, int hostPort, String protocol, String targetIp, int targetPort)
    implements Comparable<PortRule> {
  private static final Comparator<PortRule> ORDER = Comparator.comparing(PortRule::protocol)
      .thenComparingInt(PortRule::hostPort).thenComparing(PortRule::hostIp).thenComparing(PortRule::targetIp)
      .thenComparingInt(PortRule::targetPort);

  public PortRule {
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException("protocol must be tcp or udp, not " + protocol);
    }
  }

  @Override
  public int compareTo(PortRule o) {
    return ORDER.compare(this, o);
  }
}
