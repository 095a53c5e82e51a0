package dev.weft.agent.dns;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.agent.network.Drivers;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may resolve what: for each container address, the names visible from it. A container sees
 * the names (container name, aliases, 12-digit id) of running containers that share a
 * user-defined network with it, with their addresses on that network; the default bridge
 * resolves nothing, as in Docker, and neither does the swarm's ingress network. Immutable; rebuilt
 * whenever containers or networks change.
 */
public final class NameTable {
  private final Map<String, Map<String, Set<String>>> bySource;

  private NameTable(Map<String, Map<String, Set<String>>> bySource) {
    this.bySource = bySource;
  }

  public static final NameTable EMPTY = new NameTable(Map.of());

  public static NameTable build(Collection<LocalNetwork> networks, Collection<Container> containers) {
    return build(networks, containers, Map.of());
  }

  /**
   * As {@link #build(Collection, Collection)}, with the endpoints other hosts announced on overlay
   * networks ({@code remote}: network id → live records of other owners).
   */
  public static NameTable build(Collection<LocalNetwork> networks, Collection<Container> containers,
      Map<String, List<EndpointRecord>> remote) {
    return build(networks, containers, remote, Map.of());
  }

  /**
   * As {@link #build(Collection, Collection, Map)}, with services' virtual IPs ({@code virtual}:
   * network id → service name → virtual IP), which a vip-mode service's name resolves to.
   */
  public static NameTable build(Collection<LocalNetwork> networks, Collection<Container> containers,
      Map<String, List<EndpointRecord>> remote, Map<String, Map<String, String>> virtual) {
    Map<String, LocalNetwork> userNetworks = new HashMap<>();
    for (LocalNetwork n : networks) {
      // The ingress network carries published ports only: no names, as in Docker.
      if (!n.getBuiltin() && Drivers.carriesAddresses(n.getSpec().getDriver()) && !n.getSwarm().getSpec().getIngress()) {
        userNetworks.put(n.getId(), n);
      }
    }
    // network id -> name -> addresses
    Map<String, Map<String, Set<String>>> namesByNetwork = new HashMap<>();
    for (Container c : containers) {
      if (!c.getState().equals("running")) {
        continue;
      }
      for (Endpoint e : c.getEndpointsList()) {
        if (!userNetworks.containsKey(e.getNetworkId())) {
          continue;
        }
        String ip = e.getIpv4().substring(0, e.getIpv4().indexOf('/'));
        Map<String, Set<String>> names = namesByNetwork.computeIfAbsent(e.getNetworkId(), k -> new HashMap<>());
        List<String> all = new ArrayList<>(e.getAliasesList());
        all.add(c.getSpec().getName());
        all.add(c.getId().substring(0, 12));
        String ip6 = e.getIpv6().isEmpty() ? null : e.getIpv6().substring(0, e.getIpv6().indexOf('/'));
        for (String name : all) {
          Set<String> addresses = names.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new TreeSet<>());
          addresses.add(ip);
          if (ip6 != null) {
            addresses.add(ip6);
          }
        }
      }
    }
    remote.forEach((networkId, records) -> {
      if (!userNetworks.containsKey(networkId)) {
        return;
      }
      Map<String, Set<String>> names = namesByNetwork.computeIfAbsent(networkId, k -> new HashMap<>());
      for (EndpointRecord r : records) {
        List<String> all = new ArrayList<>(r.aliases());
        all.add(r.name());
        for (String name : all) {
          names.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new TreeSet<>()).add(r.ip());
        }
      }
    });
    virtual.forEach((networkId, services) -> {
      if (userNetworks.containsKey(networkId)) {
        Map<String, Set<String>> names = namesByNetwork.computeIfAbsent(networkId, k -> new HashMap<>());
        services.forEach((name, vip) -> names.put(name.toLowerCase(Locale.ROOT), new TreeSet<>(Set.of(vip))));
      }
    });
    Map<String, Map<String, Set<String>>> bySource = new HashMap<>();
    for (Container c : containers) {
      if (!c.getState().equals("running")) {
        continue;
      }
      Map<String, Set<String>> visible = new HashMap<>();
      for (Endpoint e : c.getEndpointsList()) {
        namesByNetwork.getOrDefault(e.getNetworkId(), Map.of()).forEach((name, ips) ->
            visible.computeIfAbsent(name, k -> new TreeSet<>()).addAll(ips));
      }
      for (Endpoint e : c.getEndpointsList()) {
        bySource.put(e.getIpv4().substring(0, e.getIpv4().indexOf('/')), visible);
      }
    }
    return new NameTable(bySource);
  }

  /**
   * The addresses (IPv4 and, on --ipv6 networks, IPv6) {@code name} has for the container at
   * {@code source}; empty when the name is not a container's (then the query goes upstream).
   */
  public Set<String> resolve(String source, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.endsWith(".")) {
      key = key.substring(0, key.length() - 1);
    }
    return bySource.getOrDefault(source, Map.of()).getOrDefault(key, Set.of());
  }

  /** Whether the address is a container this table knows (queries from others are refused). */
  public boolean knows(String source) {
    return bySource.containsKey(source);
  }
}
