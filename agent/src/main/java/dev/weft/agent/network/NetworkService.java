package dev.weft.agent.network;

import dev.weft.agent.ipam.LocalPools;
import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.proto.Container;
import dev.weft.proto.EndpointView;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.LocalNetworkSpec;
import dev.weft.proto.NetworkView;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, lists, inspects and removes local networks; see the package documentation. */
public final class NetworkService {
  private static final Logger log = LoggerFactory.getLogger(NetworkService.class);
  /** Linux's default bridge MTU. */
  static final int DEFAULT_MTU = 1500;

  private final LocalRegistry registry;
  private final Kernel kernel;
  private final KernelNames names;
  private final NatTable nat;
  private final LocalPools pools;
  private final InstantSource clock;
  private volatile java.util.function.Function<String, List<dev.weft.proto.PeerView>> peers = id -> List.of();

  public NetworkService(LocalRegistry registry, Kernel kernel, KernelNames names, NatTable nat, LocalPools pools,
      InstantSource clock) {
    this.registry = registry;
    this.kernel = kernel;
    this.names = names;
    this.nat = nat;
    this.pools = pools;
    this.clock = clock;
  }

  /** Where {@code inspect} finds the other hosts of an overlay network. */
  public void peers(java.util.function.Function<String, List<dev.weft.proto.PeerView>> source) {
    this.peers = source;
  }

  /** Makes sure the built-in networks exist (first start). */
  public void ensureBuiltins() {
    synchronized (registry.lock()) {
      if (find("bridge") == null) {
        LocalNetworkSpec spec = LocalNetworkSpec.newBuilder().setName("bridge").setDriver(Drivers.BRIDGE)
            .putOptions("com.docker.network.bridge.default_bridge", "true").build();
        createLocked(spec, true);
      }
      if (find("host") == null) {
        registry.put(builtin("host", Drivers.HOST));
      }
      if (find("none") == null) {
        registry.put(builtin("none", Drivers.NULL));
      }
      registry.save();
    }
  }

  private LocalNetwork builtin(String name, String driver) {
    return LocalNetwork.newBuilder().setId(registry.newId()).setBuiltin(true).setCreatedUnixMs(clock.millis())
        .setSpec(LocalNetworkSpec.newBuilder().setName(name).setDriver(driver)).build();
  }

  private LocalNetwork find(String name) {
    return registry.networks().stream().filter(n -> n.getSpec().getName().equals(name)).findFirst().orElse(null);
  }

  /** The gateway bridge, created if missing (see {@link GatewayBridge}). Holds the lock. */
  public LocalNetwork gatewayBridge() {
    synchronized (registry.lock()) {
      LocalNetwork existing = find(GatewayBridge.NAME);
      if (existing != null) {
        return existing;
      }
      LocalNetwork created = createLocked(GatewayBridge.spec(), true);
      registry.save();
      return created;
    }
  }

  public LocalNetwork create(LocalNetworkSpec spec) {
    synchronized (registry.lock()) {
      LocalNetwork network = createLocked(spec, false);
      registry.save();
      return network;
    }
  }

  private LocalNetwork createLocked(LocalNetworkSpec requested, boolean builtin) {
    NetworkValidator.Validated v = NetworkValidator.validate(requested, registry.networks(), pools);
    String id = registry.newId();
    LocalNetwork.Builder network = LocalNetwork.newBuilder().setId(id).setSpec(v.spec()).addAllIpam(v.ipam())
        .setCreatedUnixMs(clock.millis()).setBuiltin(builtin);
    String driver = v.spec().getDriver();
    IpamConfig ipam = v.ipam().get(0);
    String prefix = ipam.getSubnet().substring(ipam.getSubnet().indexOf('/'));
    if (driver.equals(Drivers.BRIDGE)) {
      String device = builtin && v.spec().getName().equals(GatewayBridge.NAME) ? GatewayBridge.NAME : names.bridge(id);
      if (kernel.linkExists(device)) {
        throw new IllegalStateException("interface " + device + " exists already; retry (a new network id is drawn)");
      }
      int mtu = v.mtu() > 0 ? v.mtu() : DEFAULT_MTU;
      network.setDevice(device).setMtu(mtu);
      try {
        createBridge(kernel, device, mtu, ipam.getGateway() + prefix, gateway6(v.ipam()));
        kernel.sysctl(null, "net.ipv4.conf." + device + ".route_localnet", "1");
      } catch (KernelException e) {
        kernel.deleteLink(device);
        throw e;
      }
    } else {
      String parent = ParentInterfaces.prepare(kernel, v.spec().getOptionsMap().get(Drivers.PARENT_OPTION), driver);
      int parentMtu = kernel.mtu(parent);
      network.setDevice(parent).setMtu(v.mtu() > 0 ? Math.min(v.mtu(), parentMtu) : parentMtu);
    }
    LocalNetwork built = network.build();
    registry.put(built);
    try {
      nat.apply();
    } catch (KernelException e) {
      registry.removeNetwork(id);
      if (driver.equals(Drivers.BRIDGE)) {
        kernel.deleteLink(built.getDevice());
      }
      throw e;
    }
    log.info("network {} ({}) created: {} {}", built.getSpec().getName(), id.substring(0, 12), driver,
        built.getIpamList().stream().map(IpamConfig::getSubnet).toList());
    return built;
  }

  /**
   * Creates a bridge; with an IPv6 gateway, IPv6 is enabled on the bridge itself first (hosts,
   * and containers like the lab's, often disable it by default) and IPv6 forwarding is turned on.
   */
  static void createBridge(Kernel kernel, String device, int mtu, String gatewayCidr, String gateway6Cidr) {
    List<String> lines = LinkPlans.createBridge(device, mtu, gatewayCidr, gateway6Cidr);
    kernel.ipBatch(null, lines.subList(0, 1));
    if (gateway6Cidr != null) {
      kernel.sysctl(null, "net.ipv6.conf." + device + ".disable_ipv6", "0");
      kernel.sysctl(null, "net.ipv6.conf.all.forwarding", "1");
    }
    kernel.ipBatch(null, lines.subList(1, lines.size()));
  }

  /** The IPv6 gateway with its prefix length, or null when the network has no IPv6 subnet. */
  static String gateway6(List<IpamConfig> ipam) {
    if (ipam.size() < 2) {
      return null;
    }
    IpamConfig v6 = ipam.get(1);
    return v6.getGateway() + v6.getSubnet().substring(v6.getSubnet().indexOf('/'));
  }

  public List<NetworkView> list(Map<String, String> filters) {
    synchronized (registry.lock()) {
      List<NetworkView> views = new ArrayList<>();
      for (LocalNetwork n : registry.networks()) {
        if (matches(n, filters)) {
          views.add(view(n));
        }
      }
      return views;
    }
  }

  private static boolean matches(LocalNetwork n, Map<String, String> filters) {
    for (Map.Entry<String, String> f : filters.entrySet()) {
      boolean ok = switch (f.getKey()) {
        case "driver" -> n.getSpec().getDriver().equals(f.getValue());
        case "name" -> n.getSpec().getName().contains(f.getValue());
        case "id" -> n.getId().startsWith(f.getValue());
        case "type" -> f.getValue().equals(n.getBuiltin() ? "builtin" : "custom");
        case "scope" -> f.getValue().equals(n.getSpec().getDriver().equals(Drivers.OVERLAY) ? "swarm" : "local");
        case "label" -> {
          String[] kv = f.getValue().split("=", 2);
          yield kv.length == 1 ? n.getSpec().getLabelsMap().containsKey(kv[0])
              : kv[1].equals(n.getSpec().getLabelsMap().get(kv[0]));
        }
        default -> throw new IllegalArgumentException("invalid filter '" + f.getKey()
            + "': supported are driver, name, id, type, scope, label");
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public NetworkView inspect(String ref) {
    synchronized (registry.lock()) {
      return view(registry.network(ref));
    }
  }

  private NetworkView view(LocalNetwork n) {
    NetworkView.Builder view = NetworkView.newBuilder().setNetwork(n);
    if (n.getSpec().getDriver().equals(Drivers.OVERLAY)) {
      view.addAllPeers(peers.apply(n.getId()));
    }
    for (Container c : registry.containers()) {
      c.getEndpointsList().stream().filter(e -> e.getNetworkId().equals(n.getId())).forEach(e -> view.addEndpoints(
          EndpointView.newBuilder().setContainerId(c.getId()).setContainerName(c.getSpec().getName()).setEndpoint(e)));
      if (c.getState().equals("running") && !c.getNetworkMode().equals(Drivers.BRIDGE)
          && c.getSpec().getNetworks(0).getNetwork().equals(n.getId())) {
        view.addEndpoints(EndpointView.newBuilder().setContainerId(c.getId()).setContainerName(c.getSpec().getName()));
      }
    }
    return view.build();
  }

  /** Removes a network; refused while containers use it. */
  public void remove(String ref) {
    synchronized (registry.lock()) {
      LocalNetwork n = registry.network(ref);
      if (n.getBuiltin()) {
        throw new IllegalArgumentException(n.getSpec().getName() + " is a pre-defined network and cannot be removed");
      }
      List<String> users = registry.containers().stream()
          .filter(c -> c.getSpec().getNetworksList().stream().anyMatch(a -> a.getNetwork().equals(n.getId())))
          .map(c -> c.getSpec().getName()).toList();
      if (!users.isEmpty()) {
        throw new IllegalArgumentException("error while removing network: network " + n.getSpec().getName() + " id "
            + n.getId().substring(0, 12) + " has active endpoints (" + String.join(", ", users)
            + "); disconnect or remove them first");
      }
      registry.removeNetwork(n.getId());
      nat.apply();
      if (n.getSpec().getDriver().equals(Drivers.BRIDGE)) {
        kernel.deleteLink(n.getDevice());
      }
      registry.save();
      log.info("network {} ({}) removed", n.getSpec().getName(), n.getId().substring(0, 12));
    }
  }

  /** Removes every user network no container uses; returns their names. */
  public List<String> prune() {
    synchronized (registry.lock()) {
      List<String> removed = new ArrayList<>();
      for (LocalNetwork n : registry.networks()) {
        boolean used = registry.containers().stream()
            .anyMatch(c -> c.getSpec().getNetworksList().stream().anyMatch(a -> a.getNetwork().equals(n.getId())));
        if (!n.getBuiltin() && !used) {
          remove(n.getId());
          removed.add(n.getSpec().getName());
        }
      }
      return removed;
    }
  }
}
