package dev.weft.ingress.nat;

import java.util.List;
import java.util.TreeSet;

/** Renders the daemon's NAT and filter table for local networks (see the package documentation). */
public final class HostNatRenderer {
  private HostNatRenderer() {}

  /**
   * @param table the daemon's table name (family {@code ip})
   * @param bridges every local bridge network
   * @param ports every published port of a running container
   */
  public static String render(String table, List<BridgeRule> bridges, List<PortRule> ports) {
    TreeSet<BridgeRule> nets = new TreeSet<>(bridges);
    TreeSet<PortRule> published = new TreeSet<>(ports);
    StringBuilder s = new StringBuilder();
    s.append("table ip ").append(table).append("\n");
    s.append("delete table ip ").append(table).append("\n");
    s.append("table ip ").append(table).append(" {\n");

    s.append("  chain prerouting {\n    type nat hook prerouting priority -100; policy accept;\n");
    published.forEach(p -> s.append("    ").append(dnat(p)).append("\n"));
    s.append("  }\n");

    s.append("  chain output {\n    type nat hook output priority -100; policy accept;\n");
    published.forEach(p -> s.append("    ").append(dnat(p)).append("\n"));
    s.append("  }\n");

    s.append("  chain postrouting {\n    type nat hook postrouting priority 100; policy accept;\n");
    for (BridgeRule b : nets) {
      if (!b.internal()) {
        s.append("    ip saddr ").append(b.subnet()).append(" oifname != \"").append(b.device())
            .append("\" masquerade\n");
      }
    }
    // Published ports reached from the host itself (127.0.0.1 or its own address): the reply must
    // come back to the host, so the source becomes the bridge's address.
    for (BridgeRule b : nets) {
      s.append("    oifname \"").append(b.device()).append("\" fib saddr type local masquerade\n");
    }
    s.append("  }\n");

    s.append("  chain forward {\n    type filter hook forward priority 0; policy accept;\n");
    isolation(s, nets);
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }

  /**
   * The IPv6 half: bridges isolated from each other and internal bridges closed, in the
   * {@code ip6} family (IPv6 networks are routed, not translated, as Docker's are by default).
   */
  public static String renderIpv6Filter(String table, List<BridgeRule> bridges) {
    TreeSet<BridgeRule> nets = new TreeSet<>(bridges);
    StringBuilder s = new StringBuilder();
    s.append("table ip6 ").append(table).append("\n");
    s.append("delete table ip6 ").append(table).append("\n");
    s.append("table ip6 ").append(table).append(" {\n");
    s.append("  chain forward {\n    type filter hook forward priority 0; policy accept;\n");
    isolation(s, nets);
    s.append("  }\n}\n");
    return s.toString();
  }

  /**
   * The {@code bridge} family half: frames between ports of a bridge whose inter-container
   * communication is off ({@code com.docker.network.bridge.enable_icc=false}, as on the gateway
   * bridge) are dropped. The forward hook of this family sees only frames the bridge passes from
   * one port to another, so a frame that enters through one of these ports and is forwarded is
   * container-to-container traffic; traffic to the bridge's own address (the way out, the
   * embedded DNS) is delivered locally and not affected. Ports are named, because this kernel's
   * nftables has no match on the bridge's name.
   *
   * @param isolatedPorts the host-side ports of every bridge with ICC off
   */
  public static String renderBridgeFilter(String table, List<String> isolatedPorts) {
    StringBuilder s = new StringBuilder();
    s.append("table bridge ").append(table).append("\n");
    s.append("delete table bridge ").append(table).append("\n");
    s.append("table bridge ").append(table).append(" {\n");
    s.append("  chain forward {\n    type filter hook forward priority 0; policy accept;\n");
    TreeSet<String> ports = new TreeSet<>(isolatedPorts);
    if (!ports.isEmpty()) {
      s.append("    iifname { ");
      s.append(String.join(", ", ports.stream().map(p -> "\"" + p + "\"").toList()));
      s.append(" } drop\n");
    }
    s.append("  }\n}\n");
    return s.toString();
  }

  /** Forward-chain rules: internal bridges closed in and out, every bridge cut off from the others. */
  private static void isolation(StringBuilder s, TreeSet<BridgeRule> nets) {
    for (BridgeRule b : nets) {
      if (b.internal()) {
        s.append("    iifname \"").append(b.device()).append("\" oifname != \"").append(b.device()).append("\" drop\n");
        s.append("    oifname \"").append(b.device()).append("\" iifname != \"").append(b.device()).append("\" drop\n");
      }
    }
    for (BridgeRule from : nets) {
      for (BridgeRule to : nets) {
        if (!from.equals(to)) {
          s.append("    iifname \"").append(from.device()).append("\" oifname \"").append(to.device()).append("\" drop\n");
        }
      }
    }
  }

  private static String dnat(PortRule p) {
    String match = p.hostIp().isEmpty() ? "fib daddr type local" : "ip daddr " + p.hostIp();
    return match + " meta l4proto " + p.protocol() + " th dport " + p.hostPort()
        + " dnat to " + p.targetIp() + ":" + p.targetPort();
  }
}
