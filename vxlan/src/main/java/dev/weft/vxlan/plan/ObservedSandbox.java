package dev.weft.vxlan.plan;

import java.util.Map;
import java.util.Optional;

/**
 * What the kernel holds for one sandbox, read back with {@code ip -j} / {@code bridge -j}.
 *
 * @param netnsExists whether the namespace exists
 * @param legacyBridge whether the sandbox still holds the bridge ({@link OverlayPlanner#LEGACY_BRIDGE})
 *     that earlier versions put the vxlan device and the endpoints' veths on
 * @param vxlan the vxlan device's settings when it exists inside the sandbox
 * @param fdb static FDB entries on the vxlan device: MAC → destination VTEP
 * @param neighbours permanent neighbour entries on the vxlan device: IP → MAC
 */
public record ObservedSandbox(boolean netnsExists, boolean legacyBridge, Optional<VxlanSettings> vxlan,
    Map<String, String> fdb, Map<String, String> neighbours) {
  public ObservedSandbox {
    fdb = Map.copyOf(fdb);
    neighbours = Map.copyOf(neighbours);
  }

  /** Nothing there yet. */
  public static final ObservedSandbox ABSENT = new ObservedSandbox(false, false, Optional.empty(), Map.of(), Map.of());
}
