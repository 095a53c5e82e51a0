package dev.weft.agent.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.kernel.Kernel;
import dev.weft.vxlan.plan.ObservedSandbox;
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

  ObservedSandbox observe(String netns, String bridge, String vxlan) {
    if (!kernel.netnsNames().contains(netns)) {
      return ObservedSandbox.ABSENT;
    }
    boolean bridgeExists = kernel.readJson(List.of("ip", "-n", netns, "-j", "link", "show", "dev", bridge)).size() > 0;
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
    return new ObservedSandbox(true, bridgeExists, settings, fdb, neighbours);
  }

  /**
   * Applies a plan. A VXLAN device the plan creates gets receive packet steering over every CPU
   * ({@link RpsMask}): decapsulation and the rest of the receive path then run on another core
   * than the one the UDP packet arrived on, instead of piling onto it (on a veth underlay that is
   * the sender's core). On two cores, over six alternating iperf3 runs, the median overlay/underlay
   * ratio went from 0.69 without it to 0.75 with it; the spread between runs (0.66-0.91) is larger
   * than the gain, so this is a modest default, not a fix for the gap.
   */
  void apply(String netns, SandboxPlan plan, String vxlan) {
    if (plan.createNetns()) {
      kernel.addNetns(netns);
    }
    kernel.ipBatch(null, plan.host());
    kernel.ipBatch(netns, plan.sandbox());
    kernel.bridgeBatch(netns, plan.fdb());
    if (!plan.host().isEmpty()) { // the host batch only ever creates the VXLAN device
      kernel.writeNetSysfs(netns, vxlan + "/queues/rx-0/rps_cpus",
          RpsMask.allCpus(Runtime.getRuntime().availableProcessors()));
    }
  }

  void destroy(String netns) {
    kernel.deleteNetns(netns);
  }

  Kernel kernel() {
    return kernel;
  }
}
