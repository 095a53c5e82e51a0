package dev.weft.agent.container;

import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.agent.network.NatTable;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.NetworkAttachmentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code weft network connect} and {@code disconnect}: the container's spec changes, and when it
 * runs, its sandbox gains or loses the interface at once (with DNS, NAT and, on overlays, the
 * swarm's attachment and announcement following).
 */
final class NetworkConnections {
  private final LocalRegistry registry;
  private final SwarmEndpoints swarm;
  private final AttachmentResolver resolver;
  private final EndpointPlumber plumber;
  private final Sandbox sandbox;
  private final NatTable nat;
  private final DnsFiles dnsFiles;

  NetworkConnections(LocalRegistry registry, SwarmEndpoints swarm, AttachmentResolver resolver,
      EndpointPlumber plumber, Sandbox sandbox, NatTable nat, DnsFiles dnsFiles) {
    this.registry = registry;
    this.swarm = swarm;
    this.resolver = resolver;
    this.plumber = plumber;
    this.sandbox = sandbox;
    this.nat = nat;
    this.dnsFiles = dnsFiles;
  }

  /** Connects a container to a network: at once when it runs, at its next start otherwise. */
  void connect(String networkRef, String containerRef, List<String> aliases, String ipv4) {
    synchronized (registry.lock()) {
      Container c = registry.container(containerRef);
      LocalNetwork known = null;
      try {
        known = registry.network(networkRef);
      } catch (LocalRegistry.NotFoundException e) {
        if (!swarm.active()) {
          throw e;
        }
      }
      String knownId = known == null ? null : known.getId();
      if (knownId != null && c.getSpec().getNetworksList().stream().anyMatch(a -> a.getNetwork().equals(knownId))) {
        throw new IllegalArgumentException("container " + c.getSpec().getName() + " is already connected to network "
            + known.getSpec().getName());
      }
      if (!c.getNetworkMode().equals(Drivers.BRIDGE)
          || (known != null && !Drivers.carriesAddresses(known.getSpec().getDriver()))) {
        throw new IllegalArgumentException("container " + c.getSpec().getName() + " cannot be connected to "
            + networkRef + ": host and none containers have one network only");
      }
      NetworkAttachmentSpec requested = NetworkAttachmentSpec.newBuilder().setNetwork(networkRef)
          .addAllAliases(aliases).setIpv4(ipv4 == null ? "" : ipv4).build();
      List<NetworkAttachmentSpec> swarmAttached = new ArrayList<>();
      NetworkAttachmentSpec a = resolver.resolve(requested, c.getSpec().getName(), c.getSpec().getTaskId(), 2, swarmAttached);
      LocalNetwork network = registry.networkById(a.getNetwork()).orElseThrow();
      if (c.getSpec().getNetworksList().stream().anyMatch(x -> x.getNetwork().equals(network.getId()))) {
        swarm.release(swarmAttached, false);
        throw new IllegalArgumentException("container " + c.getSpec().getName() + " is already connected to network "
            + network.getSpec().getName());
      }
      Container.Builder next = c.toBuilder().setSpec(c.getSpec().toBuilder().addNetworks(a));
      if (c.getState().equals("running")) {
        Endpoint e;
        try {
          e = plumber.allocate(network, a, nextIfIndex(c), List.of());
          plumber.plumb(network, e, c.getNetns(), false);
        } catch (RuntimeException failed) {
          swarm.release(swarmAttached, false);
          throw failed;
        }
        next.addEndpoints(e);
        swarm.up(c, e);
        List<LocalNetwork> before = networksOf(c);
        List<LocalNetwork> after = new ArrayList<>(before);
        after.add(network);
        dnsFiles.joined(sandbox, c.getNetns(), before, after, next.getEndpointsList());
      }
      registry.put(next.build());
      registry.save();
      dnsFiles.refresh();
    }
  }

  private List<LocalNetwork> networksOf(Container c) {
    List<LocalNetwork> networks = new ArrayList<>();
    for (NetworkAttachmentSpec a : c.getSpec().getNetworksList()) {
      registry.networkById(a.getNetwork()).ifPresent(networks::add);
    }
    return networks;
  }

  private static int nextIfIndex(Container c) {
    int max = -1;
    for (Endpoint e : c.getEndpointsList()) {
      max = Math.max(max, Integer.parseInt(e.getIfname().substring(3)));
    }
    return max + 1;
  }

  void disconnect(String networkRef, String containerRef) {
    synchronized (registry.lock()) {
      LocalNetwork network = registry.network(networkRef);
      Container c = registry.container(containerRef);
      if (c.getSpec().getNetworksList().stream().noneMatch(a -> a.getNetwork().equals(network.getId()))) {
        throw new IllegalArgumentException("container " + c.getSpec().getName() + " is not connected to network "
            + network.getSpec().getName());
      }
      Container.Builder next = c.toBuilder();
      List<NetworkAttachmentSpec> keep = c.getSpec().getNetworksList().stream()
          .filter(a -> !a.getNetwork().equals(network.getId())).toList();
      next.setSpec(c.getSpec().toBuilder().clearNetworks().addAllNetworks(keep));
      List<Endpoint> endpoints = new ArrayList<>();
      for (Endpoint e : c.getEndpointsList()) {
        if (e.getNetworkId().equals(network.getId())) {
          plumber.unplumb(e, c.getNetns());
        } else {
          endpoints.add(e);
        }
      }
      next.clearEndpoints().addAllEndpoints(endpoints);
      registry.put(next.build());
      swarm.down(c.getEndpointsList().stream().filter(e -> e.getNetworkId().equals(network.getId())).toList());
      swarm.release(c.getSpec().getNetworksList().stream().filter(a -> a.getNetwork().equals(network.getId())).toList(),
          !c.getSpec().getTaskId().isEmpty());
      registry.save();
      nat.apply();
      dnsFiles.refresh();
    }
  }
}
