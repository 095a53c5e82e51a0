package dev.weft.agent.overlay;

import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.ingress.mesh.MeshPort;
import dev.weft.ingress.mesh.MeshRules;
import dev.weft.net.Ipv4;
import dev.weft.proto.Attachment;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.Network;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's part of the routing mesh: the managers give every node an address on the ingress
 * network when it joins, and with it the host has its own endpoint there (as Docker's ingress
 * sandbox); while any service publishes a port in ingress mode, the host also has the mesh table
 * ({@link MeshRules}) that sends each such port, on every address of the host, to the service's
 * running tasks on the ingress network, here or on other hosts. When the last such port goes,
 * the table goes; the endpoint and the ingress sandbox stay, so that a published service only
 * changes the table, and a restarted daemon takes them over. They go when the node loses its
 * address: it leaves the swarm, is removed, or the ingress network is.
 *
 * <p>{@link #assigned} takes what the managers said; {@link #reconcile} (registry lock held, on the
 * reprogramming thread) brings the kernel in line, after every assignment and gossip change.
 */
public final class RoutingMesh {
  private static final Logger log = LoggerFactory.getLogger(RoutingMesh.class);
  /** The host endpoint's name in the ingress network's endpoint table. */
  public static final String ENDPOINT_NAME = "ingress-endpoint";

  /** A port published through the mesh by a service. */
  record Published(String service, PortConfig port) {}

  /** What the managers assigned: the ingress network, this node's address on it, the published ports. */
  record Desired(Network ingress, Attachment attachment, int dataPathPort, List<Published> ports) {}

  private final LocalRegistry registry;
  private final Kernel kernel;
  private final KernelNames names;
  private final OverlayNetworks overlays;
  private volatile Desired desired;
  /** The host endpoint in the kernel, or null; guarded by the registry lock. */
  private Endpoint plumbed;
  /** The table last applied, or null when there is none. */
  private String applied;
  /** Whether a table left by an earlier run of the daemon has been looked for. */
  private boolean leftoversChecked;

  public RoutingMesh(LocalRegistry registry, Kernel kernel, KernelNames names, OverlayNetworks overlays) {
    this.registry = registry;
    this.kernel = kernel;
    this.names = names;
    this.overlays = overlays;
  }

  /**
   * A new assignment: the networks and attachments the managers gave this node, and the services
   * it knows. The host endpoint is wanted when the ingress network and this node's attachment on
   * it are present; the table, when at least one port is also published in ingress mode.
   */
  public void assigned(Map<String, Network> networks, Collection<Attachment> attachments,
      Collection<Service> services, int dataPathPort) {
    Network ingress = networks.values().stream().filter(n -> n.getSpec().getIngress()).findFirst().orElse(null);
    Attachment mine = ingress == null ? null
        : attachments.stream().filter(a -> a.getNetworkId().equals(ingress.getId())).findFirst().orElse(null);
    List<Published> ports = new ArrayList<>();
    for (Service s : services) {
      for (PortConfig p : s.getPortsList()) {
        if (p.getPublishMode() == PublishMode.PUBLISH_MODE_INGRESS) {
          ports.add(new Published(s.getSpec().getName(), p));
        }
      }
    }
    desired = mine == null ? null : new Desired(ingress, mine, dataPathPort, List.copyOf(ports));
  }

  /** The endpoint id of this host's mesh endpoint, if it has one (its address is not a container's). */
  public String endpointId() {
    Desired d = desired;
    return d == null ? "" : d.attachment().getId();
  }

  /**
   * Brings the host endpoint and the mesh table in line with the assignment and the ingress
   * network's endpoint table. Caller holds the registry lock.
   *
   * @param readKernel check that the endpoint is still there and re-apply the table even if unchanged
   */
  public void reconcile(boolean readKernel) {
    Desired d = desired;
    if (!leftoversChecked) {
      leftoversChecked = true;
      if (d == null || d.ports().isEmpty()) {
        removeTable(true); // an earlier run's; one that is still wanted is replaced below, atomically
      }
    }
    if (plumbed != null && (d == null || !plumbed.getEndpointId().equals(d.attachment().getId()))) {
      teardown();
    }
    if (d == null) {
      return;
    }
    if (plumbed != null && readKernel && !kernel.linkExists(plumbed.getHostIfname())) {
      log.info("routing mesh: endpoint {} was missing; re-creating it", plumbed.getHostIfname());
      teardown();
    }
    if (plumbed == null) {
      overlays.join(d.ingress(), d.dataPathPort());
      LocalNetwork network = registry.networkById(d.ingress().getId()).orElseThrow();
      Endpoint endpoint = endpoint(d.attachment());
      boolean kept = overlays.adoptHost(network, endpoint);
      if (!kept) {
        overlays.plumbHost(network, endpoint);
      }
      overlays.up(endpoint, ENDPOINT_NAME, List.of());
      plumbed = endpoint;
      applied = null;
      log.info("routing mesh: this node {} the ingress network at {} ({})", kept ? "is still on" : "joined",
          endpoint.getIpv4(), endpoint.getHostIfname());
    }
    if (d.ports().isEmpty()) {
      removeTable(readKernel);
      return;
    }
    Map<String, List<String>> tasks = overlays.tasksOn(d.ingress().getId());
    List<MeshPort> ports = new ArrayList<>();
    for (Published p : d.ports()) {
      ports.add(new MeshPort(p.port().getProtocol(), p.port().getPublishedPort(), p.port().getTargetPort(),
          tasks.getOrDefault(p.service(), List.of())));
    }
    String script = MeshRules.render(names.meshTable(), plumbed.getHostIfname(), ports);
    if (readKernel || !script.equals(applied)) {
      kernel.nft(script);
      if (!script.equals(applied)) {
        log.info("routing mesh: {}", ports.stream().map(p -> p.published() + "/" + p.protocol() + " -> "
            + p.backends().size() + " task(s)").toList());
      }
      applied = script;
    }
  }

  /**
   * Removes the mesh table if there is one (no port is published any more, or the mesh goes).
   *
   * @param readKernel look for it in the kernel too, not only at what this service applied
   */
  private void removeTable(boolean readKernel) {
    try {
      if (applied != null || (readKernel && kernel.nftTableExists("ip", names.meshTable()))) {
        kernel.nft(MeshRules.remove(names.meshTable()));
        if (applied != null) {
          log.info("routing mesh: no port is published any more; table {} removed", names.meshTable());
        }
      }
    } catch (KernelException e) {
      log.warn("routing mesh: table {} not removed: {}", names.meshTable(), e.getMessage());
    }
    applied = null;
  }

  private Endpoint endpoint(Attachment attachment) {
    String ip = attachment.getAddress().substring(0, attachment.getAddress().indexOf('/'));
    return Endpoint.newBuilder().setNetworkId(attachment.getNetworkId()).setEndpointId(attachment.getId())
        .setIpv4(attachment.getAddress()).setMac(Ipv4.macFor(Ipv4.parse(ip)))
        .setHostIfname(names.hostVeth(attachment.getId())).setIfname(names.movingDevice(attachment.getId()))
        .build();
  }

  /** Removes the table and the host endpoint (the sandbox too when no task uses it). */
  private void teardown() {
    removeTable(true);
    if (plumbed != null) {
      overlays.unplumbHost(plumbed.getNetworkId());
      log.info("routing mesh: this node left the ingress network ({} removed)", plumbed.getHostIfname());
      plumbed = null;
    }
  }
}
