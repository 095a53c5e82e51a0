package dev.weft.vxlan.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Plans a sandbox from desired and observed state; see the package documentation. */
public final class OverlayPlanner {
  /** The bridge earlier versions built in every sandbox; a sandbox that still has it loses it. */
  public static final String LEGACY_BRIDGE = "br0";

  private OverlayPlanner() {}

  /**
   * The one line, for {@code ip -n SANDBOX -batch -}, that gives an endpoint its interface: a
   * macvlan device (bridge mode) on the sandbox's vxlan device, created straight into the
   * namespace that uses it under its final name. Frames between the endpoint and the vxlan device
   * take a function call instead of a veth pair's queue and a bridge's forwarding; endpoints on one
   * host reach each other through the macvlan's own bridging.
   *
   * @param targetNetns a namespace name under /run/netns, or a process id for that process' namespace
   */
  public static String endpointLink(String vxlan, String name, String mac, int mtu, String targetNetns) {
    return "link add link " + vxlan + " name " + name + " address " + mac + " mtu " + mtu + " netns " + targetNetns
        + " type macvlan mode bridge";
  }

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
    return new ObservedSandbox(true, false, Optional.of(want.settings()), fdb, neighbours);
  }

  public static SandboxPlan plan(DesiredSandbox want, ObservedSandbox have) {
    List<String> clear = new ArrayList<>();
    List<String> host = new ArrayList<>();
    List<String> sandbox = new ArrayList<>();
    List<String> fdbLines = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    String vx = want.vxlan();
    VxlanSettings s = want.settings();
    boolean vxlanOk = have.vxlan().isPresent() && s.differences(have.vxlan().get()).isEmpty();
    if (have.legacyBridge()) {
      // A bridge port cannot carry macvlan devices: the vxlan device must be free of it.
      reasons.add(LEGACY_BRIDGE + " of an earlier version removed; endpoints attached through it must reconnect");
      clear.add("link del " + LEGACY_BRIDGE);
    }
    if (have.vxlan().isPresent() && !vxlanOk) {
      reasons.add(vx + " re-created (" + String.join(", ", s.differences(have.vxlan().get())) + ")");
      clear.add("link del " + vx);
    }
    if (!have.netnsExists()) {
      sandbox.add("link set lo up"); // a new namespace's loopback, in the batch that has to run anyway
    }
    if (!vxlanOk) {
      host.add("link add " + vx + " mtu " + s.mtu() + " type vxlan id " + s.vni() + " dstport " + s.dstPort()
          + " local " + s.localVtep() + " nolearning proxy nol2miss nol3miss");
      host.add("link set " + vx + " netns " + want.netns());
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
    return new SandboxPlan(!have.netnsExists(), clear, host, sandbox, fdbLines, reasons);
  }
}
