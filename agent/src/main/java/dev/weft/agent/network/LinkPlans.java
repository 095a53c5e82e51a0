package dev.weft.agent.network;

import dev.weft.net.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ip -batch} lines for local networks and container endpoints. Pure; the order of the
 * lines is the order the kernel needs them in.
 */
public final class LinkPlans {
  private LinkPlans() {}

  /**
   * A Linux bridge with the gateway address, up. Its MAC is fixed (derived from the gateway
   * address): a bridge without one takes the lowest MAC of its ports and changes it when that
   * port leaves, and containers that cached the old gateway MAC lose their way out until their
   * ARP entry expires.
   */
  public static List<String> createBridge(String device, int mtu, String gatewayCidr) {
    String gateway = gatewayCidr.substring(0, gatewayCidr.indexOf('/'));
    return List.of(
        "link add " + device + " mtu " + mtu + " address " + Ipv4.macFor(Ipv4.parse(gateway)) + " type bridge",
        "addr add " + gatewayCidr + " dev " + device,
        "link set " + device + " up");
  }

  /** As {@link #createBridge(String, int, String)}, with an IPv6 gateway address as well (null: none). */
  public static List<String> createBridge(String device, int mtu, String gatewayCidr, String gateway6Cidr) {
    List<String> lines = new ArrayList<>(createBridge(device, mtu, gatewayCidr));
    if (gateway6Cidr != null) {
      lines.add(lines.size() - 1, "addr add " + gateway6Cidr + " dev " + device + " nodad");
    }
    return lines;
  }

  /** Inside the container: its IPv6 address (no duplicate detection: addresses are allocated) and route. */
  public static List<String> ipv6InsideContainer(String ifname, String addressCidr, String gateway, boolean defaultRoute) {
    List<String> lines = new ArrayList<>();
    lines.add("addr add " + addressCidr + " dev " + ifname + " nodad");
    if (defaultRoute) {
      lines.add("route replace default via " + gateway + " dev " + ifname);
    }
    return lines;
  }

  /**
   * A veth pair whose host end joins the bridge and whose other end appears as {@code ifname}
   * inside {@code netns}, with the MAC derived from its address (host namespace batch). An
   * {@code isolated} port forwards nothing to the bridge's other isolated ports, only to the
   * bridge itself: Docker's ICC off, with no firewall rule per container.
   */
  public static List<String> vethIntoBridge(String hostEnd, String bridge, int mtu, String netns, String ifname, String mac,
      boolean isolated) {
    List<String> lines = new ArrayList<>();
    lines.add("link add " + hostEnd + " mtu " + mtu + " type veth peer name " + ifname + " mtu " + mtu
        + " address " + mac + " netns " + netns);
    lines.add("link set " + hostEnd + " master " + bridge);
    if (isolated) {
      lines.add(isolate(hostEnd));
    }
    lines.add("link set " + hostEnd + " up");
    return lines;
  }

  /** Marks a bridge port isolated (see {@link #vethIntoBridge}); idempotent. */
  public static String isolate(String port) {
    return "link set " + port + " type bridge_slave isolated on";
  }

  /** A macvlan or ipvlan device on the parent, moved into the container (host namespace batch). */
  public static List<String> subInterface(String tmpName, String parent, String type, String mode, int mtu, String netns) {
    return List.of(
        "link add " + tmpName + " link " + parent + " mtu " + mtu + " type " + type + " mode " + mode,
        "link set " + tmpName + " netns " + netns);
  }

  /**
   * Inside the container: rename a moved device if needed, give it its address, bring it up,
   * and (for the container's first routable network) the default route.
   */
  public static List<String> insideContainer(String currentName, String ifname, String addressCidr, String gateway,
      boolean defaultRoute) {
    List<String> lines = new ArrayList<>();
    lines.add("link set lo up");
    if (!currentName.equals(ifname)) {
      lines.add("link set " + currentName + " name " + ifname);
    }
    lines.add("addr add " + addressCidr + " dev " + ifname);
    lines.add("link set " + ifname + " up");
    if (defaultRoute) {
      lines.add("route replace default via " + gateway + " dev " + ifname);
    }
    return lines;
  }
}
