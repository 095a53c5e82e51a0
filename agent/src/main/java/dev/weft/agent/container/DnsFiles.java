package dev.weft.agent.container;

import dev.weft.agent.dns.EmbeddedDns;
import dev.weft.agent.dns.NameTable;
import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.GatewayBridge;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.agent.overlay.OverlayNetworks;
import dev.weft.agent.overlay.VipRules;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects containers to the embedded DNS: their resolv.conf, the rule in their namespace that
 * sends 127.0.0.11:53 to the server, and the server's names and listening addresses. Callers hold
 * the registry's lock.
 */
public final class DnsFiles {
  private static final Logger log = LoggerFactory.getLogger(DnsFiles.class);
  /** Where containers on user-defined networks send queries, as Docker's. */
  public static final String EMBEDDED_ADDRESS = "127.0.0.11";

  private final LocalRegistry registry;
  private final Kernel kernel;
  private final EmbeddedDns dns;
  private final List<String> hostNameservers;
  private volatile OverlayNetworks overlays;
  /** Per container namespace, the virtual-IP script last applied. Guarded by the registry lock. */
  private final Map<String, String> vipTables = new java.util.HashMap<>();
  /** Namespaces set up by {@link #redirect} whose container is not running yet. Guarded by the registry lock. */
  private final Set<String> starting = new java.util.HashSet<>();

  /** @param hostNameservers the host's resolvers that containers on the default bridge may use */
  public DnsFiles(LocalRegistry registry, Kernel kernel, EmbeddedDns dns, List<String> hostNameservers) {
    this.registry = registry;
    this.kernel = kernel;
    this.dns = dns;
    this.hostNameservers = hostNameservers.stream().filter(s -> !s.startsWith("127.") && !s.equals("::1")).toList();
  }

  void overlays(OverlayNetworks overlays) {
    this.overlays = overlays;
  }

  /**
   * The first user-defined bridge network, whose gateway serves the container's DNS; for a
   * container on overlays only, the gateway bridge.
   */
  private static LocalNetwork dnsNetwork(List<LocalNetwork> networks) {
    LocalNetwork bridge = networks.stream().filter(n -> !n.getBuiltin() && n.getSpec().getDriver().equals(Drivers.BRIDGE))
        .findFirst().orElse(null);
    if (bridge == null && networks.stream().anyMatch(n -> n.getSpec().getDriver().equals(Drivers.OVERLAY))) {
      return networks.stream().filter(n -> n.getSpec().getName().equals(GatewayBridge.NAME)).findFirst().orElse(null);
    }
    return bridge;
  }

  String resolvConf(List<LocalNetwork> networks) {
    if (dnsNetwork(networks) != null) {
      return "nameserver " + EMBEDDED_ADDRESS + "\noptions ndots:0\n";
    }
    StringBuilder s = new StringBuilder();
    hostNameservers.forEach(ns -> s.append("nameserver ").append(ns).append('\n'));
    return s.toString();
  }

  /**
   * In the container's namespace, before its process starts: 127.0.0.11:53 → the DNS network's
   * gateway, from its own address, and its virtual-IP table ({@link VipRules}) — with the
   * sysctl that lets the redirect leave loopback and the overlay interfaces' ARP timers
   * ({@link OverlayNetworks#neighbourSysctls}), in one process.
   */
  void redirect(String netns, List<LocalNetwork> networks, List<Endpoint> endpoints) {
    LocalNetwork network = dnsNetwork(networks);
    if (network == null) {
      return;
    }
    Endpoint own = endpoints.stream().filter(e -> e.getNetworkId().equals(network.getId())).findFirst().orElseThrow();
    String ip = own.getIpv4().substring(0, own.getIpv4().indexOf('/'));
    OverlayNetworks o = overlays;
    Map<String, List<String>> backends = o == null ? Map.of()
        : withOwnTasks(backendsOf(endpoints, o.backends()), endpoints, o.virtualNames());
    String vips = backends.isEmpty() ? "" : VipRules.render(backends);
    Map<String, String> sysctls = new java.util.HashMap<>(Map.of("net.ipv4.conf.all.route_localnet", "1"));
    for (LocalNetwork n : networks) {
      if (n.getSpec().getDriver().equals(Drivers.OVERLAY)) {
        endpoints.stream().filter(e -> e.getNetworkId().equals(n.getId()))
            .forEach(e -> sysctls.putAll(OverlayNetworks.neighbourSysctls(e.getIfname())));
      }
    }
    kernel.nftIn(netns, sysctls, redirectRules(own.getGateway(), ip) + vips);
    if (!vips.isEmpty()) {
      vipTables.put(netns, vips);
    }
    starting.add(netns);
    refreshNames(); // the embedded server listens on a new DNS network's gateway before the process starts
  }

  /** The container did not start after {@link #redirect}: its namespace is gone. */
  void abandoned(String netns) {
    starting.remove(netns);
    vipTables.remove(netns);
  }

  private static Map<String, List<String>> backendsOf(List<Endpoint> endpoints,
      Map<String, Map<String, List<String>>> backendsByNetwork) {
    Map<String, List<String>> backends = new java.util.TreeMap<>();
    endpoints.forEach(e -> backends.putAll(backendsByNetwork.getOrDefault(e.getNetworkId(), Map.of())));
    return backends;
  }

  /**
   * The virtual IPs' backends as they will be once this starting container's own task endpoints
   * are announced: without them, the table written before the start would be rewritten (one more
   * process) the moment the task announces itself.
   */
  static Map<String, List<String>> withOwnTasks(Map<String, List<String>> backends, List<Endpoint> endpoints,
      Map<String, Map<String, String>> virtualNames) {
    Map<String, List<String>> all = new java.util.TreeMap<>();
    backends.forEach((vip, tasks) -> all.put(vip, new java.util.ArrayList<>(tasks)));
    for (Endpoint e : endpoints) {
      String ip = e.getIpv4().substring(0, e.getIpv4().indexOf('/'));
      for (String alias : e.getAliasesList()) {
        String vip = alias.startsWith("tasks.")
            ? virtualNames.getOrDefault(e.getNetworkId(), Map.of()).get(alias.substring(6)) : null;
        if (vip != null && !all.computeIfAbsent(vip, k -> new java.util.ArrayList<>()).contains(ip)) {
          all.get(vip).add(ip);
        }
      }
    }
    return all;
  }

  static String redirectRules(String gateway, String source) {
    return "table ip weft_dns {\n"
        + "  chain output {\n    type nat hook output priority -100; policy accept;\n"
        + "    ip daddr " + EMBEDDED_ADDRESS + " udp dport 53 dnat to " + gateway + ":53\n  }\n"
        + "  chain postrouting {\n    type nat hook postrouting priority 100; policy accept;\n"
        + "    ip daddr " + gateway + " udp dport 53 ip saddr 127.0.0.0/8 snat to " + source + "\n  }\n"
        + "}\n";
  }

  /**
   * After a running container joined a network: when that gave it its first user-defined bridge,
   * it starts using the embedded DNS (resolv.conf rewritten in place, redirect installed).
   */
  void joined(Sandbox sandbox, String netns, List<LocalNetwork> before, List<LocalNetwork> after, List<Endpoint> endpoints) {
    if (dnsNetwork(before) == null && dnsNetwork(after) != null) {
      sandbox.writeResolvConf(netns, resolvConf(after));
      redirect(netns, after, endpoints);
    }
  }

  /**
   * Rebuilds the server's names and listening addresses from the registry, and puts every running
   * container's virtual-IP table in line with the services' tasks.
   */
  public void refresh() {
    OverlayNetworks o = refreshNames();
    if (o != null) {
      balance(o.backends());
    }
  }

  /**
   * Rebuilds the server's names and listening addresses only: what a container start needs. The
   * virtual-IP tables of the containers already running change only with a task's own record,
   * and that reaches them through the overlay worker's {@link #refresh}, once for a burst of starts.
   *
   * @return the overlay service, when there is one
   */
  OverlayNetworks refreshNames() {
    Set<String> gateways = new TreeSet<>();
    for (LocalNetwork n : registry.networks()) {
      if ((!n.getBuiltin() || n.getSpec().getName().equals(GatewayBridge.NAME))
          && n.getSpec().getDriver().equals(Drivers.BRIDGE)) {
        gateways.add(n.getIpam(0).getGateway());
      }
    }
    dns.listenOn(gateways);
    OverlayNetworks o = overlays;
    if (o == null) {
      dns.names(NameTable.build(registry.networks(), registry.containers(), Map.of()));
      return null;
    }
    dns.names(NameTable.build(registry.networks(), registry.containers(), o.remoteNames(), o.virtualNames()));
    return o;
  }

  /**
   * Puts each running container's virtual-IP table ({@link VipRules}) in line with the tasks of
   * the services on its networks; a namespace whose rules did not change is not touched.
   */
  private void balance(Map<String, Map<String, List<String>>> backendsByNetwork) {
    Set<String> seen = new java.util.HashSet<>(starting);
    for (Container c : registry.containers()) {
      if (!c.getState().equals("running") || c.getNetns().isEmpty()) {
        continue;
      }
      starting.remove(c.getNetns());
      Map<String, List<String>> backends = backendsOf(c.getEndpointsList(), backendsByNetwork);
      if (backends.isEmpty() && !vipTables.containsKey(c.getNetns())) {
        continue;
      }
      seen.add(c.getNetns());
      String script = VipRules.render(backends);
      if (!script.equals(vipTables.get(c.getNetns()))) {
        try {
          kernel.nftIn(c.getNetns(), script);
          vipTables.put(c.getNetns(), script);
        } catch (RuntimeException e) {
          log.warn("virtual IPs of container {} not updated: {}", c.getSpec().getName(), e.getMessage());
        }
      }
    }
    vipTables.keySet().retainAll(seen);
  }
}
