package dev.weft.agent.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.kernel.Kernel;
import dev.weft.vxlan.plan.ObservedSandbox;
import dev.weft.vxlan.plan.OverlayPlanner;
import dev.weft.vxlan.plan.SandboxPlan;
import dev.weft.vxlan.plan.VxlanSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an overlay sandbox back from the kernel ({@code ip -j}, {@code bridge -j}) and applies a
 * {@link SandboxPlan} to it, batch by batch in the plan's order.
 */
final class OverlayKernel {
  private final Kernel kernel;

  OverlayKernel(Kernel kernel) {
    this.kernel = kernel;
  }

  ObservedSandbox observe(String netns, String vxlan) {
    if (!kernel.netnsExists(netns)) {
      return ObservedSandbox.ABSENT;
    }
    boolean legacyBridge = kernel.readJson(List.of("ip", "-n", netns, "-j", "link", "show", "dev",
        OverlayPlanner.LEGACY_BRIDGE)).size() > 0;
    JsonNode vx = kernel.readJson(List.of("ip", "-n", netns, "-j", "-d", "link", "show", "dev", vxlan));
    Optional<VxlanSettings> settings = Optional.empty();
    Map<String, String> fdb = new HashMap<>();
    Map<String, String> neighbours = new HashMap<>();
    if (vx.size() > 0) {
      JsonNode info = vx.get(0).path("linkinfo").path("info_data");
      settings = Optional.of(new VxlanSettings(info.path("id").asInt(), info.path("local").asText(),
          info.path("port").asInt(), vx.get(0).path("mtu").asInt()));
      for (JsonNode e : kernel.readJson(List.of("bridge", "-n", netns, "-j", "fdb", "show", "dev", vxlan))) {
        if (e.has("dst") && "permanent".equals(e.path("state").asText())) {
          fdb.put(e.path("mac").asText(), e.path("dst").asText());
        }
      }
      for (JsonNode n : kernel.readJson(List.of("ip", "-n", netns, "-j", "neigh", "show", "dev", vxlan))) {
        if (n.path("state").toString().contains("PERMANENT") && n.has("lladdr")) {
          neighbours.put(n.path("dst").asText(), n.path("lladdr").asText());
        }
      }
    }
    return new ObservedSandbox(true, legacyBridge, settings, fdb, neighbours);
  }

  /**
   * Applies a plan. Receive packet steering stays off on the VXLAN device: with it, a flow's
   * receive path lands on a core picked by its hash, and one iperf3 stream between two lab hosts
   * ran at either 12.5 or 9 Gbit/s depending on that pick (steering to the receiver's core, RFS,
   * gave 9 every time); without it, 12.1-12.4 in every run.
   */
  void apply(String netns, SandboxPlan plan) {
    if (plan.createNetns()) {
      kernel.addNetns(netns);
    }
    kernel.ipBatch(netns, plan.clear());
    kernel.ipBatch(null, plan.host());
    kernel.bridgeBatch(netns, plan.fdb()); // before the neighbours that point at its MACs (SandboxPlan)
    kernel.ipBatch(netns, plan.sandbox());
  }

  void destroy(String netns) {
    kernel.deleteNetns(netns);
  }

  Kernel kernel() {
    return kernel;
  }
}
