package dev.weft.agent.overlay;

import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.gossip.table.EndpointRecord;
import dev.weft.proto.AttachResponse;
import dev.weft.proto.Container;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.LocalNetworkSpec;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkAttachmentSpec;
import dev.weft.proto.PeerView;
import dev.weft.vxlan.OverlayMtu;
import dev.weft.vxlan.plan.DesiredSandbox;
import dev.weft.vxlan.plan.ObservedSandbox;
import dev.weft.vxlan.plan.OverlayPlanner;
import dev.weft.vxlan.plan.RemoteEndpoint;
import dev.weft.vxlan.plan.SandboxPlan;
import dev.weft.vxlan.plan.VxlanSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlay networks on this host: attachments through the managers, one sandbox per network while
 * a local endpoint runs on it (created on the first, removed with the last), and the sandbox's
 * neighbour and FDB entries kept equal to the gossiped endpoints of the other hosts.
 *
 * <p>Callers hold the registry's lock, as for every local service. An overlay network appears in
 * the local registry (and so in {@code network ls}) while a container of this host is attached
 * to it, under the swarm's network id.
 */
public final class OverlayNetworks {
  private static final Logger log = LoggerFactory.getLogger(OverlayNetworks.class);
  /**
   * After a restart, how long remote entries found in the kernel are kept although gossip has not
   * confirmed them yet: long enough for the first anti-entropy rounds, so a restart does not cut
   * traffic that was flowing.
   */
  public static final Duration RESTART_GRACE = Duration.ofSeconds(3);
  /**
   * How often an overlay interface repeats an unanswered ARP request (the kernel's default is
   * 1 s), and how many it sends before giving up (default 3). The sandbox answers ARP from the
   * gossiped endpoints, so a request goes unanswered only while an endpoint's record is still on
   * its way or not yet programmed; a packet queued behind it then leaves within 100 ms of the
   * entry's arrival instead of after a second. The requests go on for 3 s before the address
   * counts as unreachable, so a node that is slow to program an entry (busy starting tasks on two
   * shared cores) still delivers the queued packet instead of dropping it. The requests never leave
   * the host (the vxlan device only answers them from its table), so probing longer costs nothing
   * on the wire.
   */
  public static final int ARP_RETRANS_MS = 100;
  public static final int ARP_PROBES = 30;

  /** The neighbour sysctls for an overlay interface named {@code ifname}, in its namespace. */
  public static Map<String, String> neighbourSysctls(String ifname) {
    return Map.of("net.ipv4.neigh." + ifname + ".retrans_time_ms", Integer.toString(ARP_RETRANS_MS),
        "net.ipv4.neigh." + ifname + ".mcast_solicit", Integer.toString(ARP_PROBES));
  }

  private final LocalRegistry registry;
  private final OverlayKernel kernel;
  private final KernelNames names;
  private final SwarmAttachments swarm;
  private final EndpointDirectory directory;
  private final String nodeId;
  private final String dataPathIp;
  /**
   * Per sandbox, what the kernel holds after this service's last successful plan; absent until
   * the kernel has been read, and again after a failure or removal. Guarded by the registry lock.
   */
  private final Map<String, ObservedSandbox> applied = new HashMap<>();
  /** The services from this node's assignment; replaced whole. */
  private volatile List<dev.weft.proto.Service> services = List.of();
  /** "network|ip|node" of every task the managers have placed on this node's networks. */
  private volatile Set<String> placed = Set.of();
  private final LongSupplier monotonicMillis;
  private final long startedMillis;
  /** The MTU of the interface carrying the data-path address, read on first use; guarded by the registry lock. */
  private int underlayMtu;

  public OverlayNetworks(LocalRegistry registry, Kernel kernel, KernelNames names, SwarmAttachments swarm,
      EndpointDirectory directory, String nodeId, String dataPathIp, LongSupplier monotonicMillis) {
    this.registry = registry;
    this.kernel = new OverlayKernel(kernel);
    this.names = names;
    this.swarm = swarm;
    this.directory = directory;
    this.nodeId = nodeId;
    this.dataPathIp = dataPathIp;
    this.monotonicMillis = monotonicMillis;
    this.startedMillis = monotonicMillis.getAsLong();
  }

  /**
   * Attaches a new endpoint of {@code containerName} to a swarm network through the managers;
   * returns the attachment with the network's id, the allocated address and the endpoint id.
   */
  public NetworkAttachmentSpec attach(String networkRef, NetworkAttachmentSpec requested, String containerName) {
    String endpointId = registry.newId();
    AttachResponse response = swarm.attach(networkRef, endpointId, requested.getIpv4(), containerName);
    Network network = response.getNetwork();
    join(network, response.getDataPathPort());
    String address = response.getAttachment().getAddress();
    return requested.toBuilder().setNetwork(network.getId()).setIpv4(address.substring(0, address.indexOf('/')))
        .setEndpointId(endpointId).build();
  }

  /**
   * Knows a swarm network locally (registered, or its definition refreshed) so that endpoints
   * whose addresses the managers already chose can join it: a task's, or a new attachment's.
   */
  public void join(Network network, int dataPathPort) {
    LocalNetwork local = registry.networkById(network.getId()).orElse(null);
    LocalNetwork.Builder next = (local == null ? LocalNetwork.newBuilder() : local.toBuilder())
        .setId(network.getId())
        .setSpec(LocalNetworkSpec.newBuilder().setName(network.getSpec().getName()).setDriver(Drivers.OVERLAY)
            .setInternal(network.getSpec().getInternal()).setAttachable(network.getSpec().getAttachable())
            .putAllLabels(network.getSpec().getLabelsMap()).putAllOptions(network.getSpec().getOptionsMap()))
        .clearIpam().addAllIpam(network.getAllocatedList())
        .setDevice(names.overlayNetns(network.getId()))
        .setMtu(local == null ? mtu(network) : local.getMtu()) // options of a swarm network never change
        .setSwarm(network)
        .setDataPathPort(dataPathPort);
    if (local == null) {
      next.setCreatedUnixMs(network.getMeta().getCreatedUnixMs());
      log.info("overlay network {} ({}) joined: VNI {}, {}", network.getSpec().getName(), network.getId(),
          network.getVni(), network.getAllocated(0).getSubnet());
    }
    registry.put(next.build());
  }

  private int mtu(Network network) {
    String option = network.getSpec().getOptionsMap().get(Drivers.MTU_OPTION);
    if (underlayMtu <= 0) {
      int read = kernel.kernel().mtuOfAddress(dataPathIp); // once: an `ip -j addr` costs a task start ~50 ms
      underlayMtu = read > 0 ? read : 1500;
    }
    int underlay = underlayMtu;
    return OverlayMtu.effective(option == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(option.trim())),
        underlay, dataPathIp.contains(":"));
  }

  /** Frees an endpoint's address; forgets the network here when no container refers to it any more. */
  public void release(NetworkAttachmentSpec attachment) {
    if (!attachment.getEndpointId().isEmpty()) {
      swarm.detach(attachment.getEndpointId());
    }
    forgetIfUnused(attachment.getNetwork());
  }

  /** A task's endpoint is gone: its address goes back with the task, so only the network may be forgotten. */
  public void forget(NetworkAttachmentSpec attachment) {
    forgetIfUnused(attachment.getNetwork());
  }

  private void forgetIfUnused(String networkId) {
    boolean referenced = hostEndpoint(networkId).isPresent() || registry.containers().stream().anyMatch(
        c -> c.getSpec().getNetworksList().stream().anyMatch(a -> a.getNetwork().equals(networkId)));
    LocalNetwork n = registry.networkById(networkId).orElse(null);
    if (!referenced && n != null && n.getSpec().getDriver().equals(Drivers.OVERLAY)) {
      registry.removeNetwork(networkId);
      log.info("overlay network {} ({}) left: no local container uses it", n.getSpec().getName(), networkId);
    }
  }

  /**
   * Creates or repairs the network's sandbox and gives a container its interface on it: a macvlan
   * device on the sandbox's vxlan device, made inside the container's namespace under its final
   * name ({@link OverlayPlanner#endpointLink}).
   */
  public void plumb(LocalNetwork network, Endpoint endpoint, String containerNetns) {
    reconcile(network, true, false);
    try {
      kernel.kernel().ipBatch(network.getDevice(), List.of(OverlayPlanner.endpointLink(names.vxlan(network.getId()),
          endpoint.getIfname(), endpoint.getMac(), network.getMtu(), containerNetns)));
    } catch (KernelException e) {
      // The sandbox may have changed behind weft's back since it was last applied: read it next time.
      applied.remove(network.getDevice());
      throw e;
    }
  }

  /**
   * Creates or repairs the network's sandbox and gives the host namespace an endpoint in it: a
   * macvlan device on the sandbox's vxlan device, moved into this process' namespace, that carries
   * the endpoint's address. Undone by {@link #unplumbHost}.
   */
  public void plumbHost(LocalNetwork network, Endpoint endpoint) {
    registry.put(registry.networkById(network.getId()).orElse(network).toBuilder().setHostEndpoint(endpoint).build());
    registry.save();
    try {
      reconcile(network, true, false);
      kernel.kernel().ipBatch(network.getDevice(), List.of(OverlayPlanner.endpointLink(names.vxlan(network.getId()),
          endpoint.getHostIfname(), endpoint.getMac(), network.getMtu(), Long.toString(ProcessHandle.current().pid()))));
      Map<String, String> sysctls = new TreeMap<>(neighbourSysctls(endpoint.getHostIfname()));
      // Connections to 127.0.0.1 DNATed into the network leave through this interface.
      sysctls.put("net.ipv4.conf." + endpoint.getHostIfname() + ".route_localnet", "1");
      kernel.kernel().ipBatchAfterSysctls(sysctls, List.of("addr add " + endpoint.getIpv4() + " dev "
          + endpoint.getHostIfname(), "link set " + endpoint.getHostIfname() + " up"));
    } catch (KernelException e) {
      applied.remove(network.getDevice());
      unplumbHost(network.getId());
      throw e;
    }
  }

  /**
   * Takes over the host's endpoint on the network as an earlier run of the daemon left it (the
   * registry names it and the kernel still has it), repairing the sandbox around it: a restart
   * does not cut the routing mesh's connections. False when there is nothing to take over.
   */
  public boolean adoptHost(LocalNetwork network, Endpoint endpoint) {
    Optional<Endpoint> recorded = hostEndpoint(network.getId());
    if (recorded.isEmpty() || !recorded.get().equals(endpoint) || !kernel.kernel().linkExists(endpoint.getHostIfname())) {
      return false;
    }
    reconcile(network, true, false);
    return true;
  }

  /** This host's own endpoint on an overlay (the routing mesh's, on the ingress network), from the registry. */
  private Optional<Endpoint> hostEndpoint(String networkId) {
    return registry.networkById(networkId).filter(LocalNetwork::hasHostEndpoint).map(LocalNetwork::getHostEndpoint);
  }

  /** Removes the host's endpoint on the network, and the sandbox and the network when nothing else uses them. */
  public void unplumbHost(String networkId) {
    Endpoint endpoint = hostEndpoint(networkId).orElse(null);
    if (endpoint == null) {
      return;
    }
    directory.withdraw(networkId, endpoint.getEndpointId());
    if (kernel.kernel().linkExists(endpoint.getHostIfname())) {
      kernel.kernel().deleteLink(endpoint.getHostIfname());
    }
    registry.networkById(networkId).ifPresent(n -> registry.put(n.toBuilder().clearHostEndpoint().build()));
    registry.save();
    if (runningEndpoints(networkId, "") == 0) {
      String netns = names.overlayNetns(networkId);
      applied.remove(netns);
      kernel.destroy(netns);
      log.info("overlay sandbox {} removed: no local endpoint left", netns);
    }
    forgetIfUnused(networkId);
  }

  /** The endpoint runs: tell the other hosts. */
  public void up(Endpoint endpoint, String name, List<String> aliases) {
    String ip = endpoint.getIpv4().substring(0, endpoint.getIpv4().indexOf('/'));
    directory.publish(endpoint.getNetworkId(), endpoint.getEndpointId(), ip, endpoint.getMac(), name, aliases);
  }

  /** The endpoint stopped: tell the other hosts; remove the sandbox when it was the last one here. */
  public void down(Endpoint endpoint) {
    directory.withdraw(endpoint.getNetworkId(), endpoint.getEndpointId());
    if (runningEndpoints(endpoint.getNetworkId(), endpoint.getEndpointId()) == 0) {
      String netns = names.overlayNetns(endpoint.getNetworkId());
      applied.remove(netns);
      kernel.destroy(netns);
      log.info("overlay sandbox {} removed: no local endpoint left", netns);
    }
  }

  private int runningEndpoints(String networkId, String except) {
    Endpoint own = hostEndpoint(networkId).orElse(null);
    int count = own != null && !own.getEndpointId().equals(except) ? 1 : 0;
    for (Container c : registry.containers()) {
      if (c.getState().equals("running")) {
        for (Endpoint e : c.getEndpointsList()) {
          if (e.getNetworkId().equals(networkId) && !e.getEndpointId().equals(except)) {
            count++;
          }
        }
      }
    }
    return count;
  }

  /** Sandboxes that must survive a restart: of networks with running local endpoints. */
  public Set<String> wantedSandboxes() {
    Set<String> wanted = new HashSet<>();
    for (LocalNetwork n : registry.networks()) {
      if (n.getSpec().getDriver().equals(Drivers.OVERLAY) && runningEndpoints(n.getId(), "") > 0) {
        wanted.add(n.getDevice());
      }
    }
    return wanted;
  }

  /**
   * Brings every sandbox in line with the tables, e.g. after the tables changed.
   *
   * @param readKernel plan against what the kernel holds ({@code ip -j}, {@code bridge -j}) rather
   *     than against what this service last applied: at start, and periodically, to repair what
   *     something else changed. Without it a table change costs only the batches it needs.
   */
  public void reconcileAll(boolean readKernel) {
    for (LocalNetwork n : registry.networks()) {
      if (n.getSpec().getDriver().equals(Drivers.OVERLAY) && runningEndpoints(n.getId(), "") > 0) {
        try {
          reconcile(n, false, readKernel);
        } catch (KernelException e) {
          log.warn("overlay sandbox of {} not reconciled: {}", n.getSpec().getName(), e.getMessage());
        }
      }
    }
  }

  private void reconcile(LocalNetwork network, boolean creating, boolean readKernel) {
    Network swarmNet = network.getSwarm();
    String netns = network.getDevice();
    String vxlan = names.vxlan(network.getId());
    DesiredSandbox want = new DesiredSandbox(netns, vxlan,
        new VxlanSettings(swarmNet.getVni(), dataPathIp, network.getDataPathPort(), network.getMtu()),
        remotes(network.getId()));
    ObservedSandbox cached = readKernel ? null : applied.get(netns);
    ObservedSandbox have = cached != null ? cached : kernel.observe(netns, vxlan);
    if (cached == null && !creating && !have.netnsExists()) {
      log.info("overlay sandbox {} was missing; re-creating it", netns);
    }
    if (monotonicMillis.getAsLong() - startedMillis < RESTART_GRACE.toMillis()) {
      want = keepObserved(want, have);
    }
    SandboxPlan plan = OverlayPlanner.plan(want, have);
    if (plan.isEmpty()) {
      applied.put(netns, OverlayPlanner.applied(want));
      return;
    }
    plan.reasons().forEach(r -> log.info("overlay sandbox {}: {}", netns, r));
    applied.remove(netns); // until the plan has gone through; a failure leaves the kernel to be read
    try {
      kernel.apply(netns, plan);
    } catch (KernelException e) {
      if (plan.createNetns()) {
        kernel.destroy(netns);
      }
      throw e;
    }
    applied.put(netns, OverlayPlanner.applied(want));
    if (plan.createNetns()) {
      log.info("overlay sandbox {} created for network {} (VNI {}, {} remote endpoints)", netns,
          network.getSpec().getName(), swarmNet.getVni(), want.remotes().size());
    }
  }

  /** During the restart grace, remote entries already in the kernel stay until gossip has had its say. */
  private static DesiredSandbox keepObserved(DesiredSandbox want, ObservedSandbox have) {
    Map<String, RemoteEndpoint> byIp = new TreeMap<>();
    have.neighbours().forEach((ip, mac) -> {
      String vtep = have.fdb().get(mac);
      if (vtep != null) {
        byIp.put(ip, new RemoteEndpoint(ip, mac, vtep));
      }
    });
    want.remotes().forEach(r -> byIp.put(r.ip(), r));
    return new DesiredSandbox(want.netns(), want.vxlan(), want.settings(), new ArrayList<>(byIp.values()));
  }

  /**
   * The network's endpoints on other hosts. Two live records can claim one address only when one
   * of them is stale (its owner is down and retained); the one whose owner is alive wins.
   */
  List<RemoteEndpoint> remotes(String networkId) {
    Set<String> alive = new HashSet<>();
    directory.peers(networkId).forEach(p -> alive.add(p.getName()));
    Map<String, EndpointRecord> byIp = new HashMap<>();
    for (EndpointRecord r : directory.live(networkId)) {
      if (onThisHost(r)) {
        continue;
      }
      EndpointRecord other = byIp.get(r.ip());
      if (other == null || (!alive.contains(other.owner()) && alive.contains(r.owner()))) {
        byIp.put(r.ip(), r);
      }
    }
    List<RemoteEndpoint> remotes = new ArrayList<>();
    byIp.values().forEach(r -> remotes.add(new RemoteEndpoint(r.ip(), r.mac(), r.hostDataPathIp())));
    remotes.sort(null);
    return remotes;
  }

  /** Whether a record is of an endpoint on this host (this node's, in this life or an earlier one). */
  private boolean onThisHost(EndpointRecord r) {
    return r.owner().equals(nodeId) || r.hostDataPathIp().equals(dataPathIp);
  }

  /** Names other hosts' endpoints have, by network id (DNS), from their owners' latest lives. */
  public Map<String, List<EndpointRecord>> remoteNames() {
    Map<String, List<EndpointRecord>> names = new HashMap<>();
    for (LocalNetwork n : registry.networks()) {
      if (n.getSpec().getDriver().equals(Drivers.OVERLAY)) {
        names.put(n.getId(), EndpointRules.currentLives(directory.live(n.getId())).stream()
            .filter(r -> !r.owner().equals(nodeId)).filter(r -> EndpointRules.placedIfTask(r, placed)).toList());
      }
    }
    return names;
  }

  /**
   * Where the managers have placed the tasks on this node's networks (from its assignment). Task
   * endpoints elsewhere in the tables are left out of DNS, virtual IPs and the mesh: a node that
   * was cut off announces its tasks again when it returns, before it hears that they were replaced.
   */
  public void placements(java.util.Collection<dev.weft.proto.TaskPlacement> known) {
    placed = EndpointRules.placementKeys(known);
  }

  /** The swarm's services this node knows (from its assignment): their virtual IPs and names. */
  public void services(java.util.Collection<dev.weft.proto.Service> known) {
    services = List.copyOf(known);
  }

  /**
   * Names of vip-mode services by network id: the service name → its virtual IP there, for
   * every overlay this node holds.
   */
  public Map<String, Map<String, String>> virtualNames() {
    Map<String, Map<String, String>> names = new HashMap<>();
    for (dev.weft.proto.Service s : services) {
      if (s.getSpec().getEndpoint().getMode() != dev.weft.proto.EndpointMode.ENDPOINT_MODE_VIP) {
        continue;
      }
      for (dev.weft.proto.VirtualIp v : s.getVirtualIpsList()) {
        if (registry.networkById(v.getNetworkId()).isPresent()) {
          names.computeIfAbsent(v.getNetworkId(), k -> new HashMap<>())
              .put(s.getSpec().getName(), v.getAddress().substring(0, v.getAddress().indexOf('/')));
        }
      }
    }
    return names;
  }

  /**
   * Per overlay network: each vip-mode service's virtual IP → the addresses of its running tasks
   * there, local and remote (endpoints named {@code tasks.SERVICE}).
   */
  public Map<String, Map<String, List<String>>> backends() {
    Map<String, Map<String, List<String>>> byNetwork = new HashMap<>();
    virtualNames().forEach((networkId, names) -> {
      Map<String, List<String>> tasksByName = tasksOn(networkId);
      Map<String, List<String>> backends = new TreeMap<>();
      names.forEach((name, vip) -> backends.put(vip, tasksByName.getOrDefault(name, List.of())));
      byNetwork.put(networkId, backends);
    });
    return byNetwork;
  }

  /**
   * The addresses of running tasks on a network, by service name (endpoints named
   * {@code tasks.SERVICE}), where the managers placed them, on this host and on hosts that are
   * alive, from their current lives: the
   * entries of a host that is down, or of a host's life before its restart, are kept for DNS for a
   * while, but no connection is balanced to them.
   */
  public Map<String, List<String>> tasksOn(String networkId) {
    Set<String> alive = new HashSet<>();
    alive.add(nodeId);
    directory.peers(networkId).forEach(p -> alive.add(p.getName()));
    ObservedSandbox sandbox = applied.get(names.overlayNetns(networkId));
    Map<String, List<String>> tasksByName = new HashMap<>();
    for (EndpointRecord r : EndpointRules.currentLives(directory.live(networkId))) {
      if (alive.contains(r.owner()) && EndpointRules.placedIfTask(r, placed)
          && (onThisHost(r) || EndpointRules.forwardable(r, sandbox))) {
        r.aliases().stream().filter(a -> a.startsWith("tasks.")).forEach(a ->
            tasksByName.computeIfAbsent(a.substring(6), k -> new ArrayList<>()).add(r.ip()));
      }
    }
    return tasksByName;
  }

  public List<PeerView> peers(String networkId) {
    return directory.peers(networkId);
  }
}
