package dev.weft.manager.service;

import dev.weft.manager.store.ServiceRules;
import dev.weft.manager.store.StoreState;
import dev.weft.net.AddressAllocator;
import dev.weft.net.Ipv4;
import dev.weft.net.SubnetPlan;
import dev.weft.proto.EndpointMode;
import dev.weft.proto.EndpointSpec;
import dev.weft.proto.Network;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.VirtualIp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a service spec and allocates what it needs; see the package documentation. */
public final class ServiceAllocator {
  /** First and last port handed out when a published port is left to the managers (Docker's range). */
  public static final int DYNAMIC_PORTS_FIRST = 30_000;
  public static final int DYNAMIC_PORTS_LAST = 32_767;

  private ServiceAllocator() {}

  /**
   * The service {@code id} would be with {@code requested}: for an update, {@code previous} is the
   * stored service, whose virtual IPs and dynamic ports are kept where they still apply.
   *
   * @throws IllegalArgumentException naming the problem and what to do
   */
  public static Service allocate(String id, ServiceSpec requested, StoreState state, Service previous) {
    ServiceSpec spec = normalized(requested, state);
    ServiceRules.checkName(spec.getName(), id, state);
    List<PortConfig> ports = ports(spec.getEndpoint(), state, id, previous);
    List<VirtualIp> vips = spec.getEndpoint().getMode() == EndpointMode.ENDPOINT_MODE_VIP
        ? virtualIps(spec, ports, state, previous) : List.of();
    Service service = Service.newBuilder().setId(id).setSpec(spec).addAllVirtualIps(vips).addAllPorts(ports).build();
    ServiceRules.check(service, state);
    return service;
  }

  /** Mode defaulted, networks resolved to ids and checked, ports normalized and checked. */
  static ServiceSpec normalized(ServiceSpec requested, StoreState state) {
    ServiceSpec.Builder b = requested.toBuilder();
    if (requested.getModeCase() == ServiceSpec.ModeCase.MODE_NOT_SET) {
      b.setReplicated(ReplicatedMode.newBuilder().setReplicas(1));
    }
    if (b.getReplicated().getReplicas() > 100_000) {
      throw new IllegalArgumentException("replicas must be at most 100000, not " + b.getReplicated().getReplicas());
    }
    if (requested.getCommandCount() == 0) {
      throw new IllegalArgumentException("no command given: weft service create [OPTIONS] -- COMMAND [ARG...]");
    }
    for (String env : requested.getEnvList()) {
      if (env.indexOf('=') < 1) {
        throw new IllegalArgumentException("invalid --env '" + env + "': expected KEY=VALUE");
      }
    }
    List<ServiceNetwork> networks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ServiceNetwork n : requested.getNetworksList()) {
      Network network;
      try {
        network = state.network(n.getTarget());
      } catch (java.util.NoSuchElementException e) {
        throw new IllegalArgumentException(e.getMessage() + "; create it with 'weft network create -d overlay "
            + n.getTarget() + "' on a manager", e);
      }
      if (network.getSpec().getIngress()) {
        throw new IllegalArgumentException("service cannot be explicitly attached to the ingress network \""
            + network.getSpec().getName() + "\"; publish a port instead");
      }
      if (!seen.add(network.getId())) {
        throw new IllegalArgumentException("network " + network.getSpec().getName() + " is given twice");
      }
      networks.add(n.toBuilder().setTarget(network.getId()).build());
    }
    b.clearNetworks().addAllNetworks(networks);
    EndpointSpec.Builder endpoint = requested.getEndpoint().toBuilder().clearPorts();
    Set<String> published = new HashSet<>();
    for (PortConfig p : requested.getEndpoint().getPortsList()) {
      PortConfig port = p.getProtocol().isEmpty() ? p.toBuilder().setProtocol("tcp").build() : p;
      if (!port.getProtocol().equals("tcp") && !port.getProtocol().equals("udp")) {
        throw new IllegalArgumentException("invalid protocol '" + p.getProtocol() + "' in --publish: use tcp or udp");
      }
      if (port.getTargetPort() < 1 || port.getTargetPort() > 65_535 || port.getPublishedPort() > 65_535) {
        throw new IllegalArgumentException("invalid port in --publish: ports must be 1-65535");
      }
      if (port.getPublishMode() == PublishMode.PUBLISH_MODE_INGRESS
          && requested.getEndpoint().getMode() == EndpointMode.ENDPOINT_MODE_DNSRR) {
        throw new IllegalArgumentException("port published with ingress mode can't be used with dnsrr mode; "
            + "publish it with mode=host or use --endpoint-mode vip");
      }
      if (port.getPublishedPort() != 0 && !published.add(port.getPublishedPort() + "/" + port.getProtocol())) {
        throw new IllegalArgumentException("port " + port.getPublishedPort() + "/" + port.getProtocol()
            + " is published twice");
      }
      endpoint.addPorts(port);
    }
    return b.setEndpoint(endpoint).build();
  }

  /** Ports with every published port set: the requested one, the previous dynamic one, or a free one. */
  private static List<PortConfig> ports(EndpointSpec endpoint, StoreState state, String id, Service previous) {
    Set<Integer> taken = new HashSet<>();
    for (Service other : state.services().values()) {
      if (!other.getId().equals(id)) {
        other.getPortsList().forEach(p -> taken.add(p.getPublishedPort()));
      }
    }
    endpoint.getPortsList().forEach(p -> taken.add(p.getPublishedPort()));
    List<PortConfig> ports = new ArrayList<>();
    for (PortConfig p : endpoint.getPortsList()) {
      PortConfig port = p;
      if (p.getPublishedPort() == 0) {
        port = p.toBuilder().setPublishedPort(dynamicPort(p, previous, taken)).build();
        taken.add(port.getPublishedPort());
      }
      ServiceRules.checkPortFree(port, id, state);
      ports.add(port);
    }
    return ports;
  }

  private static int dynamicPort(PortConfig wanted, Service previous, Set<Integer> taken) {
    if (previous != null) {
      for (PortConfig p : previous.getPortsList()) {
        boolean wasDynamic = previous.getSpec().getEndpoint().getPortsList().stream().noneMatch(
            s -> s.getPublishedPort() == p.getPublishedPort() && s.getProtocol().equals(p.getProtocol()));
        if (wasDynamic && p.getTargetPort() == wanted.getTargetPort() && p.getProtocol().equals(wanted.getProtocol())) {
          return p.getPublishedPort();
        }
      }
    }
    for (int port = DYNAMIC_PORTS_FIRST; port <= DYNAMIC_PORTS_LAST; port++) {
      if (!taken.contains(port)) {
        return port;
      }
    }
    throw new IllegalArgumentException("no free port left in " + DYNAMIC_PORTS_FIRST + "-" + DYNAMIC_PORTS_LAST
        + " to publish " + wanted.getTargetPort() + "/" + wanted.getProtocol() + "; give published= explicitly");
  }

  /**
   * One virtual IP per network of the service, plus one on the ingress network when a port is
   * published in ingress mode and the swarm has an ingress network; kept from {@code previous}
   * for networks it already had.
   */
  private static List<VirtualIp> virtualIps(ServiceSpec spec, List<PortConfig> ports, StoreState state,
      Service previous) {
    List<String> networkIds = new ArrayList<>();
    spec.getNetworksList().forEach(n -> networkIds.add(n.getTarget()));
    if (ports.stream().anyMatch(p -> p.getPublishMode() == PublishMode.PUBLISH_MODE_INGRESS)) {
      state.sortedNetworks().stream().filter(n -> n.getSpec().getIngress()).findFirst()
          .ifPresent(n -> networkIds.add(0, n.getId()));
    }
    Map<String, VirtualIp> kept = new HashMap<>();
    if (previous != null) {
      previous.getVirtualIpsList().forEach(v -> kept.put(v.getNetworkId(), v));
    }
    List<VirtualIp> vips = new ArrayList<>();
    for (String networkId : networkIds) {
      VirtualIp v = kept.get(networkId);
      if (v == null) {
        Network network = state.networks().get(networkId);
        SubnetPlan plan = SubnetPlan.of(network.getAllocated(0));
        Set<Long> used = new HashSet<>();
        state.addressesOn(networkId).keySet().forEach(ip -> used.add(Ipv4.parse(ip)));
        vips.forEach(x -> used.add(Ipv4.parse(x.getAddress().substring(0, x.getAddress().indexOf('/')))));
        String last = network.getLastAllocated();
        long address = AddressAllocator.next(plan, last.isEmpty() ? -1 : Ipv4.parse(last), used);
        v = VirtualIp.newBuilder().setNetworkId(networkId)
            .setAddress(Ipv4.format(address) + "/" + plan.subnet().prefix()).build();
      }
      vips.add(v);
    }
    return vips;
  }
}
