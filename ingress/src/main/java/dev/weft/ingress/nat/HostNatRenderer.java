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
   * Removes the {@code bridge} family table that earlier versions kept, with one rule naming every
   * port of a bridge whose inter-container communication is off. Such ports are now isolated
   * bridge ports ({@code bridge_slave isolated on}, set when the port is created), so a container
   * start or stop no longer rewrites a firewall table.
   */
  public static String dropLegacyBridgeFilter(String table) {
    return "table bridge " + table + "\ndelete table bridge " + table + "\n";
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
