package dev.weft.vxlan.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Plans a sandbox from desired and observed state; see the package documentation. */
public final class OverlayPlanner {
  private OverlayPlanner() {}

  /**
   * What the kernel holds once a plan for {@code want} has been applied: planning {@code want}
   * against it is empty. Lets a caller that just applied a plan skip reading the kernel back
   * before the next change.
   */
  public static ObservedSandbox applied(DesiredSandbox want) {
    Map<String, String> fdb = new TreeMap<>();
    Map<String, String> neighbours = new TreeMap<>();
    for (RemoteEndpoint r : want.remotes()) {
      fdb.put(r.mac(), r.vtep());
      neighbours.put(r.ip(), r.mac());
    }
    return new ObservedSandbox(true, true, Optional.of(want.settings()), fdb, neighbours);
  }

  public static SandboxPlan plan(DesiredSandbox want, ObservedSandbox have) {
    List<String> host = new ArrayList<>();
    List<String> sandbox = new ArrayList<>();
    List<String> fdbLines = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    String vx = want.vxlan();
    VxlanSettings s = want.settings();
    boolean vxlanOk = have.vxlan().isPresent() && s.differences(have.vxlan().get()).isEmpty();
    if (have.vxlan().isPresent() && !vxlanOk) {
      reasons.add(vx + " re-created (" + String.join(", ", s.differences(have.vxlan().get())) + ")");
      sandbox.add("link del " + vx);
    }
    if (!have.bridgeExists()) {
      sandbox.add("link add " + want.bridge() + " mtu " + s.mtu() + " type bridge");
      sandbox.add("link set " + want.bridge() + " up");
    }
    if (!vxlanOk) {
      host.add("link add " + vx + " mtu " + s.mtu() + " type vxlan id " + s.vni() + " dstport " + s.dstPort()
          + " local " + s.localVtep() + " nolearning proxy nol2miss nol3miss");
      host.add("link set " + vx + " netns " + want.netns());
      sandbox.add("link set " + vx + " master " + want.bridge());
      sandbox.add("link set " + vx + " up");
    }
    // Forwarding entries: a re-created device has none, so everything wanted is added then.
    Map<String, String> fdb = vxlanOk ? have.fdb() : Map.of();
    Map<String, String> neighbours = vxlanOk ? have.neighbours() : Map.of();
    Map<String, RemoteEndpoint> byMac = new TreeMap<>();
    Map<String, RemoteEndpoint> byIp = new TreeMap<>();
    for (RemoteEndpoint r : want.remotes()) {
      byMac.put(r.mac(), r);
      byIp.put(r.ip(), r);
    }
    for (String ip : new TreeMap<>(neighbours).keySet()) {
      if (!byIp.containsKey(ip)) {
        sandbox.add("neigh del " + ip + " dev " + vx);
      }
    }
    for (String mac : new TreeMap<>(fdb).keySet()) {
      if (!byMac.containsKey(mac)) {
        fdbLines.add("fdb del " + mac + " dev " + vx + " self");
      }
    }
    for (RemoteEndpoint r : byIp.values()) {
      if (!r.mac().equals(neighbours.get(r.ip()))) {
        sandbox.add("neigh replace " + r.ip() + " lladdr " + r.mac() + " dev " + vx + " nud permanent");
      }
    }
    for (RemoteEndpoint r : byMac.values()) {
      if (!r.vtep().equals(fdb.get(r.mac()))) {
        fdbLines.add("fdb replace " + r.mac() + " dev " + vx + " dst " + r.vtep() + " self permanent");
      }
    }
    return new SandboxPlan(!have.netnsExists(), host, sandbox, fdbLines, reasons);
  }
}
