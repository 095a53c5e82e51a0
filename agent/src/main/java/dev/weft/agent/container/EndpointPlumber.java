package dev.weft.agent.container;

import dev.weft.net.AddressAllocator;
import dev.weft.net.Ipv4;
import dev.weft.agent.ipam.Ipv6Subnet;
import dev.weft.net.SubnetPlan;
import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.LinkPlans;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.agent.network.NatTable;
import dev.weft.agent.overlay.OverlayNetworks;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.NetworkAttachmentSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives a container an endpoint on a network: an address (the requested one, or the next free
 * one after the network's last), a MAC derived from it, and the interface inside the container's
 * namespace. Callers hold the registry's lock.
 */
final class EndpointPlumber {
  private final LocalRegistry registry;
  private final Kernel kernel;
  private final KernelNames names;
  private OverlayNetworks overlays;

  void overlays(OverlayNetworks overlays) {
    this.overlays = overlays;
  }

  EndpointPlumber(LocalRegistry registry, Kernel kernel, KernelNames names) {
    this.registry = registry;
    this.kernel = kernel;
    this.names = names;
  }

  /** Addresses held now on a network by running containers (and by {@code extra}). */
  private Set<Long> inUse(String networkId, List<Endpoint> extra) {
    Set<Long> used = new HashSet<>();
    for (Container c : registry.containers()) {
      for (Endpoint e : c.getEndpointsList()) {
        if (e.getNetworkId().equals(networkId)) {
          used.add(Ipv4.parse(e.getIpv4().substring(0, e.getIpv4().indexOf('/'))));
        }
      }
    }
    for (Endpoint e : extra) {
      if (e.getNetworkId().equals(networkId)) {
        used.add(Ipv4.parse(e.getIpv4().substring(0, e.getIpv4().indexOf('/'))));
      }
    }
    return used;
  }

  /** Chooses the endpoint's address and names (no kernel change); records the allocation cursor. */
  Endpoint allocate(LocalNetwork network, NetworkAttachmentSpec attachment, int index, List<Endpoint> pending) {
    IpamConfig ipam = network.getIpam(0);
    SubnetPlan plan = SubnetPlan.of(ipam);
    Set<Long> used = inUse(network.getId(), pending);
    long address;
    if (!attachment.getIpv4().isBlank()) {
      address = Ipv4.parse(attachment.getIpv4());
      plan.checkStatic(address);
      if (used.contains(address)) {
        throw new IllegalArgumentException("Address already in use: " + attachment.getIpv4() + " on network "
            + network.getSpec().getName());
      }
    } else {
      String last = network.getLastAllocatedMap().get(ipam.getSubnet());
      address = AddressAllocator.next(plan, last == null ? -1 : Ipv4.parse(last), used);
      registry.put(network.toBuilder().putLastAllocated(ipam.getSubnet(), Ipv4.format(address)).build());
    }
    String endpointId = attachment.getEndpointId().isEmpty() ? registry.newId() : attachment.getEndpointId();
    Endpoint.Builder v6 = Endpoint.newBuilder();
    if (network.getIpamCount() > 1) {
      IpamConfig ipam6 = network.getIpam(1);
      Ipv6Subnet subnet6 = Ipv6Subnet.parse(ipam6.getSubnet());
      java.math.BigInteger gateway6 = Ipv6Subnet.parseAddress(ipam6.getGateway());
      Set<java.math.BigInteger> used6 = new HashSet<>();
      for (Container c : registry.containers()) {
        c.getEndpointsList().stream().filter(e -> e.getNetworkId().equals(network.getId()) && !e.getIpv6().isEmpty())
            .forEach(e -> used6.add(Ipv6Subnet.parseAddress(e.getIpv6().substring(0, e.getIpv6().indexOf('/')))));
      }
      pending.stream().filter(e -> e.getNetworkId().equals(network.getId()) && !e.getIpv6().isEmpty())
          .forEach(e -> used6.add(Ipv6Subnet.parseAddress(e.getIpv6().substring(0, e.getIpv6().indexOf('/')))));
      String last6 = registry.networkById(network.getId()).orElseThrow().getLastAllocatedMap().get(ipam6.getSubnet());
      java.math.BigInteger address6 = subnet6.next(last6 == null ? null : Ipv6Subnet.parseAddress(last6), gateway6, used6);
      registry.put(registry.networkById(network.getId()).orElseThrow().toBuilder()
          .putLastAllocated(ipam6.getSubnet(), Ipv6Subnet.format(address6)).build());
      v6.setIpv6(Ipv6Subnet.format(address6) + "/" + subnet6.prefix()).setGateway6(ipam6.getGateway());
    }
    return v6

        .setNetworkId(network.getId())
        .setEndpointId(endpointId)
        .setIpv4(Ipv4.format(address) + "/" + plan.subnet().prefix())
        .setGateway(Ipv4.format(plan.gateway()))
        .setMac(Ipv4.macFor(address))
        .addAllAliases(attachment.getAliasesList())
        .setIfname("eth" + index)
        .setHostIfname(network.getSpec().getDriver().equals(Drivers.BRIDGE)
            || network.getSpec().getDriver().equals(Drivers.OVERLAY)
            ? names.hostVeth(endpointId) : names.movingDevice(endpointId))
        .build();
  }

  /** Creates the endpoint's interface in the container's namespace and configures it there. */
  void plumb(LocalNetwork network, Endpoint endpoint, String netns, boolean defaultRoute) {
    List<String> inside = attach(network, endpoint, netns, defaultRoute);
    try {
      kernel.ipBatch(netns, inside);
    } catch (KernelException e) {
      kernel.deleteLink(endpoint.getHostIfname());
      throw e;
    }
  }

  /**
   * Creates the endpoint's interface in the container's namespace and returns the lines, for
   * {@code ip -n NETNS -batch -}, that name, address and raise it there: a container start runs
   * the lines of all its endpoints in one process. On failure nothing of the endpoint is left.
   */
  List<String> attach(LocalNetwork network, Endpoint endpoint, String netns, boolean defaultRoute) {
    String driver = network.getSpec().getDriver();
    String current = endpoint.getIfname();
    try {
      switch (driver) {
        case Drivers.BRIDGE -> kernel.ipBatch(null, LinkPlans.vethIntoBridge(endpoint.getHostIfname(),
            network.getDevice(), network.getMtu(), netns, endpoint.getIfname(), endpoint.getMac(),
            NatTable.iccOff(network)));
        case Drivers.MACVLAN -> {
          kernel.ipBatch(null, LinkPlans.subInterface(endpoint.getHostIfname(), network.getDevice(), "macvlan",
              network.getSpec().getOptionsMap().getOrDefault(Drivers.MACVLAN_MODE_OPTION, "bridge"), network.getMtu(), netns));
          current = endpoint.getHostIfname();
        }
        case Drivers.IPVLAN -> {
          kernel.ipBatch(null, LinkPlans.subInterface(endpoint.getHostIfname(), network.getDevice(), "ipvlan",
              network.getSpec().getOptionsMap().getOrDefault(Drivers.IPVLAN_MODE_OPTION, "l2"), network.getMtu(), netns));
          current = endpoint.getHostIfname();
        }
        case Drivers.OVERLAY -> overlays.plumb(network, endpoint, netns);
        default -> throw new IllegalArgumentException("driver " + driver + " has no endpoints");
      }
      List<String> inside = new ArrayList<>(LinkPlans.insideContainer(current, endpoint.getIfname(),
          endpoint.getIpv4(), endpoint.getGateway(), defaultRoute));
      if (!endpoint.getIpv6().isEmpty()) {
        kernel.sysctl(netns, "net.ipv6.conf.all.disable_ipv6", "0");
        inside.addAll(LinkPlans.ipv6InsideContainer(endpoint.getIfname(), endpoint.getIpv6(),
            endpoint.getGateway6(), defaultRoute));
      }
      if (driver.equals(Drivers.MACVLAN)) {
        inside.add("link set " + endpoint.getIfname() + " address " + endpoint.getMac());
      }
      return inside;
    } catch (KernelException e) {
      kernel.deleteLink(endpoint.getHostIfname());
      throw e;
    }
  }

  /** Removes the endpoint's interface from a running container (its pair goes with it). */
  void unplumb(Endpoint endpoint, String netns) {
    try {
      kernel.ipBatch(netns, List.of("link del " + endpoint.getIfname()));
    } catch (KernelException e) {
      kernel.deleteLink(endpoint.getHostIfname());
    }
  }
}
