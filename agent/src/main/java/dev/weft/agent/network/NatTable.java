package dev.weft.agent.network;

import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.ingress.nat.BridgeRule;
import dev.weft.ingress.nat.HostNatRenderer;
import dev.weft.ingress.nat.PortRule;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.PortMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's nftables table, recomputed from the registry and replaced as a whole whenever a
 * network or a running container's ports change; a script equal to the one this daemon last
 * applied is not applied again (a container start without published ports costs no {@code nft}
 * process). Callers hold the registry's lock.
 */
public final class NatTable {
  /** Docker's bridge option for inter-container communication; "false" drops traffic between ports. */
  public static final String ICC_OPTION = "com.docker.network.bridge.enable_icc";
  private final LocalRegistry registry;
  private final Kernel kernel;
  private final KernelNames names;
  /** The script last applied without error; null before the first and after a failure. */
  private String applied;

  public NatTable(LocalRegistry registry, Kernel kernel, KernelNames names) {
    this.registry = registry;
    this.kernel = kernel;
    this.names = names;
  }

  public String render() {
    List<BridgeRule> bridges = new ArrayList<>();
    for (LocalNetwork n : registry.networks()) {
      if (n.getSpec().getDriver().equals(Drivers.BRIDGE)) {
        bridges.add(new BridgeRule(n.getDevice(), n.getIpam(0).getSubnet(), n.getSpec().getInternal()));
      }
    }
    List<PortRule> ports = new ArrayList<>();
    for (Container c : registry.containers()) {
      if (!c.getState().equals("running") || c.getEndpointsCount() == 0) {
        continue;
      }
      Endpoint target = published(c);
      String ip = target.getIpv4().substring(0, target.getIpv4().indexOf('/'));
      for (PortMapping p : c.getSpec().getPortsList()) {
        ports.add(new PortRule(p.getHostIp(), p.getHostPort(), p.getProtocol(), ip, p.getContainerPort()));
      }
    }
    return HostNatRenderer.render(names.nftTable(), bridges, ports)
        + HostNatRenderer.renderIpv6Filter(names.nftTable6(), bridges)
        + HostNatRenderer.dropLegacyBridgeFilter(names.nftTable());
  }

  /**
   * Where a container's published ports go: its first endpoint on a bridge, which the host
   * reaches directly (for a container on overlays only, its gateway-bridge endpoint), else its
   * first endpoint.
   */
  private Endpoint published(Container c) {
    for (Endpoint e : c.getEndpointsList()) {
      if (registry.networkById(e.getNetworkId()).filter(n -> n.getSpec().getDriver().equals(Drivers.BRIDGE))
          .isPresent()) {
        return e;
      }
    }
    return c.getEndpoints(0);
  }

  /**
   * A bridge network whose containers may not talk to each other (Docker's ICC off): its ports
   * are isolated bridge ports ({@link LinkPlans#vethIntoBridge}).
   */
  public static boolean iccOff(LocalNetwork n) {
    return n.getSpec().getDriver().equals(Drivers.BRIDGE)
        && "false".equals(n.getSpec().getOptionsMap().get(ICC_OPTION));
  }

  public void apply() {
    String script = render();
    if (script.equals(applied)) {
      return;
    }
    applied = null;
    kernel.nft(script);
    applied = script;
  }
}
