package dev.weft.vxlan.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a vxlan device is created with; a device whose settings differ must be re-created
 * (the kernel cannot change them in place).
 *
 * @param vni the network's VXLAN id (4096 and up in a swarm)
 * @param localVtep this host's data-path address
 * @param dstPort the UDP port (4789 unless {@code swarm init --data-path-port})
 * @param mtu the overlay MTU
 */
public record VxlanSettings(int vni, String localVtep, int dstPort, int mtu) {
  public VxlanSettings {
    if (vni < 1 || vni > 16_777_215) {
      throw new IllegalArgumentException("VNI " + vni + " is outside 1-16777215");
    }
    if (dstPort < 1 || dstPort > 65535) {
      throw new IllegalArgumentException("UDP port " + dstPort + " is outside 1-65535");
    }
  }

  /** Why {@code have} cannot stay as {@code this}, e.g. "vni: 4097 vs 4098"; empty when it can. */
  public List<String> differences(VxlanSettings have) {
    List<String> reasons = new ArrayList<>();
    if (vni != have.vni) {
      reasons.add("vni: " + have.vni + " vs " + vni);
    }
    if (!localVtep.equals(have.localVtep)) {
      reasons.add("local: " + have.localVtep + " vs " + localVtep);
    }
    if (dstPort != have.dstPort) {
      reasons.add("dstport: " + have.dstPort + " vs " + dstPort);
    }
    return reasons;
  }
}
