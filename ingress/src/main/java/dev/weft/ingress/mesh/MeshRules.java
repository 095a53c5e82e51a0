package dev.weft.ingress.mesh;

import java.util.List;
import java.util.TreeSet;

/** Renders a host's routing-mesh table (see the package documentation). */
public final class MeshRules {
  /**
   * Ahead of the daemon's table for local networks (-100), so a port published through the mesh
   * wins over nothing else: the managers keep published ports unique.
   */
  static final int DNAT_PRIORITY = -101;

  private MeshRules() {}

  /**
   * @param table the table's name (family {@code ip})
   * @param meshInterface the host's endpoint on the ingress network; connections leaving through it
   *     are masqueraded to its address
   * @param ports every port published through the mesh; a port without backends gets no rule (the
   *     connection is refused by the host, as when nothing listens)
   */
  public static String render(String table, String meshInterface, List<MeshPort> ports) {
    TreeSet<MeshPort> sorted = new TreeSet<>(ports);
    StringBuilder s = new StringBuilder();
    s.append("table ip ").append(table).append("\n");
    s.append("delete table ip ").append(table).append("\n");
    s.append("table ip ").append(table).append(" {\n");
    for (String hook : List.of("prerouting", "output")) {
      s.append("  chain ").append(hook).append(" {\n    type nat hook ").append(hook).append(" priority ")
          .append(DNAT_PRIORITY).append("; policy accept;\n");
      sorted.stream().filter(p -> !p.backends().isEmpty()).forEach(p -> s.append("    ").append(dnat(p)).append("\n"));
      s.append("  }\n");
    }
    s.append("  chain postrouting {\n    type nat hook postrouting priority 100; policy accept;\n");
    s.append("    oifname \"").append(meshInterface).append("\" masquerade\n");
    s.append("  }\n}\n");
    return s.toString();
  }

  /** Removes the table (the mesh is no longer used on this host). */
  public static String remove(String table) {
    return "table ip " + table + "\ndelete table ip " + table + "\n";
  }

  private static String dnat(MeshPort p) {
    StringBuilder s = new StringBuilder("fib daddr type local meta l4proto ").append(p.protocol()).append(" th dport ")
        .append(p.published()).append(" dnat ip to numgen inc mod ").append(p.backends().size()).append(" map { ");
    for (int i = 0; i < p.backends().size(); i++) {
      s.append(i == 0 ? "" : ", ").append(i).append(" : ").append(p.backends().get(i)).append(" . ").append(p.target());
    }
    return s.append(" }").toString();
  }
}
