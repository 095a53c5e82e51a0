package dev.weft.agent.network;

import dev.weft.agent.container.ContainerService;
import dev.weft.agent.container.DnsFiles;
import dev.weft.agent.dns.EmbeddedDns;
import dev.weft.agent.ipam.LocalPools;
import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local networking for one daemon: networks, containers, NAT and DNS, composed; and the
 * reconciliation at start-up: the daemon compares what its registry says with what the kernel
 * holds under its prefix, re-creates what is missing, adopts containers whose processes survived
 * it, and removes whatever it owns that nothing wants (links, namespaces), then rewrites its
 * nftables table.
 */
public final class LocalNetworking implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalNetworking.class);

  private final LocalRegistry registry;
  private final Kernel kernel;
  private final KernelNames names;
  private final NatTable nat;
  private final EmbeddedDns dns;
  private final DnsFiles dnsFiles;
  private final NetworkService networks;
  private final ContainerService containers;

  private LocalNetworking(LocalRegistry registry, Kernel kernel, KernelNames names, NatTable nat, EmbeddedDns dns,
      DnsFiles dnsFiles, NetworkService networks, ContainerService containers) {
    this.registry = registry;
    this.kernel = kernel;
    this.names = names;
    this.nat = nat;
    this.dns = dns;
    this.dnsFiles = dnsFiles;
    this.networks = networks;
    this.containers = containers;
  }

  public static LocalNetworking start(Path dataRoot, Kernel kernel, LocalPools pools, InstantSource clock,
      RandomGenerator random, ExecutorService dnsForwarders) {
    KernelNames names = KernelNames.forDataRoot(dataRoot.toAbsolutePath().toString());
    kernel.sysctl(null, "net.ipv4.ip_forward", "1");
    LocalRegistry registry = new LocalRegistry(dataRoot, random);
    NatTable nat = new NatTable(registry, kernel, names);
    List<String> nameservers = hostNameservers();
    List<InetSocketAddress> upstreams = nameservers.stream().map(ns -> new InetSocketAddress(ns, 53)).toList();
    EmbeddedDns dns = new EmbeddedDns(upstreams, dnsForwarders, clock);
    DnsFiles dnsFiles = new DnsFiles(registry, kernel, dns, nameservers);
    NetworkService networkService = new NetworkService(registry, kernel, names, nat, pools, clock);
    ContainerService containerService = new ContainerService(registry, kernel, names, nat, dnsFiles,
        dataRoot.resolve("containers"), clock);
    LocalNetworking local = new LocalNetworking(registry, kernel, names, nat, dns, dnsFiles, networkService,
        containerService);
    local.reconcile();
    networkService.ensureBuiltins();
    synchronized (registry.lock()) {
      nat.apply();
      dnsFiles.refresh();
    }
    return local;
  }

  public NetworkService networks() {
    return networks;
  }

  public ContainerService containers() {
    return containers;
  }

  /**
   * Swarm networks become usable (the node joined, or restarted in a swarm): containers may attach
   * to overlays, whose running endpoints are announced again and whose sandboxes are repaired. The
   * gateway bridge is made now, as Docker makes docker_gwbridge on swarm init and join, so that the
   * first task or container on an overlay does not wait for it (0.1-0.17 s on the lab's hosts).
   */
  public void overlays(dev.weft.agent.overlay.OverlayNetworks overlays) {
    networks.peers(overlays::peers);
    containers.overlays(overlays, networks::gatewayBridge);
    containers.republishOverlays();
    try {
      networks.gatewayBridge();
    } catch (RuntimeException e) { // the first overlay container tries again, and fails with the reason
      log.warn("gateway bridge {} not created yet: {}", GatewayBridge.NAME, e.getMessage());
    }
  }

  /** The overlay service for this host, over the given managers and endpoint tables. */
  public dev.weft.agent.overlay.OverlayNetworks overlayNetworks(dev.weft.agent.overlay.SwarmAttachments swarm,
      dev.weft.agent.overlay.EndpointDirectory directory, String nodeId, String dataPathIp,
      java.util.function.LongSupplier monotonicMillis) {
    return new dev.weft.agent.overlay.OverlayNetworks(registry, kernel, names, swarm, directory, nodeId, dataPathIp,
        monotonicMillis);
  }

  /** The routing mesh of this host, reaching the ingress network through {@code overlays}. */
  public dev.weft.agent.overlay.RoutingMesh routingMesh(dev.weft.agent.overlay.OverlayNetworks overlays) {
    return new dev.weft.agent.overlay.RoutingMesh(registry, kernel, names, overlays);
  }

  /**
   * The managers' view of this node's attachments: an address the node holds at the managers but
   * no local container uses (the daemon died between the two) is freed. The routing mesh's
   * endpoint ({@code meshEndpointId}) is the host's, not a container's, and is kept.
   */
  public java.util.List<String> unusedAttachments(java.util.Collection<String> heldEndpointIds, String meshEndpointId) {
    synchronized (registry.lock()) {
      java.util.Set<String> used = new java.util.HashSet<>();
      used.add(meshEndpointId);
      registry.containers().forEach(c -> c.getSpec().getNetworksList().forEach(a -> used.add(a.getEndpointId())));
      return heldEndpointIds.stream().filter(id -> !used.contains(id)).toList();
    }
  }

  /**
   * The remote endpoints of an overlay changed: reprogram its sandbox and the routing mesh, then DNS (a name that
   * resolves must already be reachable: a ping sent before the neighbour entry exists waits out
   * a one-second ARP retry).
   *
   * @param readKernel plan against the kernel's state instead of what was last applied (see
   *     {@link dev.weft.agent.overlay.OverlayNetworks#reconcileAll})
   */
  public void overlayChanged(dev.weft.agent.overlay.OverlayNetworks overlays,
      dev.weft.agent.overlay.RoutingMesh mesh, boolean readKernel) {
    synchronized (registry.lock()) {
      overlays.reconcileAll(readKernel);
      try {
        mesh.reconcile(readKernel);
      } catch (RuntimeException e) {
        log.warn("routing mesh not reconciled: {}", e.getMessage());
      }
      dnsFiles.refresh();
    }
  }

  /** Refreshes DNS after a change made through the network service. */
  public void refreshDns() {
    synchronized (registry.lock()) {
      dnsFiles.refresh();
    }
  }

  private void reconcile() {
    synchronized (registry.lock()) {
      for (LocalNetwork n : registry.networks()) {
        if (n.getSpec().getDriver().equals(Drivers.BRIDGE) && !kernel.linkExists(n.getDevice())) {
          IpamConfig ipam = n.getIpam(0);
          String prefix = ipam.getSubnet().substring(ipam.getSubnet().indexOf('/'));
          NetworkService.createBridge(kernel, n.getDevice(), n.getMtu(), ipam.getGateway() + prefix,
              NetworkService.gateway6(n.getIpamList()));
          kernel.sysctl(null, "net.ipv4.conf." + n.getDevice() + ".route_localnet", "1");
          log.info("reconcile: bridge {} of network {} was missing; re-created", n.getDevice(), n.getSpec().getName());
        }
      }
      int adopted = 0;
      for (Container c : registry.containers()) {
        if (!c.getState().equals("running")) {
          continue;
        }
        boolean alive = ProcessHandle.of(c.getPid()).isPresent()
            && dev.weft.agent.container.Launcher.startTicks(c.getPid()) == c.getPidStartTicks();
        if (alive) {
          containers.adopt(c);
          adopted++;
        } else {
          log.info("reconcile: container {} stopped while the daemon was down", c.getSpec().getName());
          containers.markGone(c);
        }
      }
      List<String> links = kernel.linkNames().stream()
          .map(l -> l.contains("@") ? l.substring(0, l.indexOf('@')) : l).toList();
      isolateIccOffPorts(links);
      Set<String> wantedLinks = new HashSet<>();
      Set<String> wantedNetns = new HashSet<>();
      for (LocalNetwork n : registry.networks()) {
        if (n.getSpec().getDriver().equals(Drivers.BRIDGE)) {
          wantedLinks.add(n.getDevice());
        }
        if (n.hasHostEndpoint()) { // the routing mesh's: its daemon takes it over again
          wantedLinks.add(n.getHostEndpoint().getHostIfname());
          wantedNetns.add(n.getDevice());
        }
      }
      for (Container c : registry.containers()) {
        if (c.getState().equals("running")) {
          c.getEndpointsList().stream().map(Endpoint::getHostIfname).forEach(wantedLinks::add);
          if (!c.getNetns().isEmpty()) {
            wantedNetns.add(c.getNetns());
          }
          for (Endpoint e : c.getEndpointsList()) {
            registry.networkById(e.getNetworkId()).filter(n -> n.getSpec().getDriver().equals(Drivers.OVERLAY))
                .ifPresent(n -> wantedNetns.add(n.getDevice()));
          }
        }
      }
      List<String> removed = new ArrayList<>();
      for (String base : links) {
        if (names.ownsLink(base) && !wantedLinks.contains(base)) {
          kernel.deleteLink(base);
          removed.add(base);
        }
      }
      for (String ns : kernel.netnsNames()) {
        if (names.ownsNetns(ns) && !wantedNetns.contains(ns)) {
          new dev.weft.agent.container.Sandbox(kernel).destroy(ns);
          removed.add(ns);
        }
      }
      registry.save();
      log.info("reconciled local state: {} networks, {} running containers adopted, removed {}",
          registry.networks().size(), adopted, removed.isEmpty() ? "nothing" : removed);
    }
  }

  /**
   * Marks the ports of running containers on bridges with ICC off isolated: a no-op for ports this
   * version created, and the upgrade of ports whose isolation was a firewall rule.
   */
  private void isolateIccOffPorts(List<String> links) {
    Set<String> present = new HashSet<>(links);
    List<String> lines = new ArrayList<>();
    for (Container c : registry.containers()) {
      if (!c.getState().equals("running")) {
        continue;
      }
      for (Endpoint e : c.getEndpointsList()) {
        if (present.contains(e.getHostIfname())
            && registry.networkById(e.getNetworkId()).filter(NatTable::iccOff).isPresent()) {
          lines.add(LinkPlans.isolate(e.getHostIfname()));
        }
      }
    }
    if (!lines.isEmpty()) {
      kernel.ipBatch(null, lines);
    }
  }

  /** The host's resolvers from /etc/resolv.conf. */
  static List<String> hostNameservers() {
    List<String> servers = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 2 && words[0].equals("nameserver")) {
          servers.add(words[1]);
        }
      }
    } catch (IOException e) {
      log.warn("cannot read /etc/resolv.conf: {}", e.toString());
    }
    return servers;
  }

  @Override
  public void close() {
    dns.close();
  }
}
