package dev.weft.agent.overlay;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nftables table that balances a container's connections to services' virtual IPs over
 * their tasks (kube-proxy's nftables way, not IPVS): in the container's own namespace, a new
 * connection to a virtual IP is DNATed to the next task address ({@code numgen inc}), and
 * conntrack keeps it there. The whole table is replaced at once, so a task that is gone is never
 * chosen again; a virtual IP without tasks has no rule (connections to it fail). Pure.
 */
public final class VipRules {
  /** The table's name in every container namespace. */
  public static final String TABLE = "weft_vip";

  private VipRules() {}

  /** @param backends virtual IP → its services' task addresses; addresses are sorted for a stable script */
  public static String render(Map<String, List<String>> backends) {
    StringBuilder s = new StringBuilder();
    s.append("table ip ").append(TABLE).append("\n");
    s.append("delete table ip ").append(TABLE).append("\n");
    s.append("table ip ").append(TABLE).append(" {\n");
    s.append("  chain output {\n    type nat hook output priority -90; policy accept;\n");
    new TreeMap<>(backends).forEach((vip, tasks) -> {
      List<String> sorted = tasks.stream().distinct().sorted().toList();
      if (sorted.isEmpty()) {
        return;
      }
      s.append("    ip daddr ").append(vip).append(" dnat to numgen inc mod ").append(sorted.size()).append(" map { ");
      for (int i = 0; i < sorted.size(); i++) {
        s.append(i == 0 ? "" : ", ").append(i).append(" : ").append(sorted.get(i));
      }
      s.append(" }\n");
    });
    s.append("  }\n}\n");
    return s.toString();
  }
}
