package dev.weft.agent.container;

import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.GatewayBridge;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.agent.overlay.OverlayNetworks;
import dev.weft.proto.Container;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.NetworkAttachmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a container's life means for the swarm: attachments to overlay networks come from the
 * managers and go back to them, running overlay endpoints are announced through gossip and
 * withdrawn, and a container on overlays only also joins the gateway bridge. Outside a swarm
 * there are no overlays; every method then does nothing or refuses swarm networks clearly.
 * Called with the registry's lock held.
 */
final class SwarmEndpoints {
  private final LocalRegistry registry;
  /** Overlay networks, once this node is in a swarm; null before. */
  private volatile OverlayNetworks overlays;
  /** The gateway bridge for containers whose only networks are overlays. */
  private volatile Supplier<LocalNetwork> gwbridge = () -> null;

  SwarmEndpoints(LocalRegistry registry) {
    this.registry = registry;
  }

  void use(OverlayNetworks overlays, Supplier<LocalNetwork> gwbridge) {
    this.overlays = overlays;
    this.gwbridge = gwbridge;
  }

  /** Knows the networks a task's addresses are on, from the node's assignment. */
  void join(List<dev.weft.proto.Network> networks, int dataPathPort) {
    OverlayNetworks o = overlays;
    if (o == null) {
      throw new IllegalArgumentException("this node has left the swarm; tasks cannot run");
    }
    networks.forEach(n -> o.join(n, dataPathPort));
  }

  /** Whether this node is in a swarm, so swarm networks can be attached. */
  boolean active() {
    return overlays != null;
  }

  boolean isOverlay(String networkId) {
    return registry.networkById(networkId).map(n -> n.getSpec().getDriver().equals(Drivers.OVERLAY)).orElse(false);
  }

  /**
   * A new attachment from the managers for a swarm network: {@code known} is the network if this
   * node already knows it, else null and {@code a.getNetwork()} is the user's name or id. The
   * attachment is added to {@code attached}, so that a later failure can give it back.
   */
  NetworkAttachmentSpec attach(LocalNetwork known, NetworkAttachmentSpec a, String containerName,
      List<NetworkAttachmentSpec> attached, String taskId) {
    OverlayNetworks o = overlays;
    if (o == null) {
      throw new IllegalArgumentException("network " + a.getNetwork() + " is a swarm network and this node has "
          + "left the swarm; join it again first");
    }
    if (!taskId.isEmpty()) {
      // A task's address was chosen by the managers with the task; its network was joined from the assignment.
      if (known == null || a.getEndpointId().isEmpty() || a.getIpv4().isEmpty()) {
        throw new IllegalArgumentException("task " + taskId + ": network " + a.getNetwork()
            + " is not assigned to this node");
      }
      NetworkAttachmentSpec spec = a.toBuilder().setNetwork(known.getId()).build();
      attached.add(spec);
      return spec;
    }
    NetworkAttachmentSpec spec = o.attach(known == null ? a.getNetwork() : known.getId(), a, containerName);
    attached.add(spec);
    return spec;
  }

  /**
   * A container whose networks are all overlays also joins the gateway bridge: its way out (unless
   * every overlay is internal) and its path to the embedded DNS, as Docker's docker_gwbridge.
   */
  void addGatewayBridge(List<NetworkAttachmentSpec> resolved) {
    boolean overlay = false;
    boolean local = false;
    for (NetworkAttachmentSpec a : resolved) {
      if (isOverlay(a.getNetwork())) {
        overlay = true;
      } else {
        local = true;
      }
    }
    LocalNetwork gw = overlay && !local ? gwbridge.get() : null;
    if (gw != null) {
      resolved.add(NetworkAttachmentSpec.newBuilder().setNetwork(gw.getId()).build());
    }
  }

  /** Whether any of the container's overlays leads out (then the gateway bridge carries its default route). */
  boolean overlayEgress(ContainerSpec spec) {
    return spec.getNetworksList().stream().map(a -> registry.networkById(a.getNetwork()).orElse(null))
        .anyMatch(n -> n != null && n.getSpec().getDriver().equals(Drivers.OVERLAY) && !n.getSpec().getInternal());
  }

  static boolean isGatewayBridge(LocalNetwork n) {
    return n.getSpec().getName().equals(GatewayBridge.NAME);
  }

  /** The container's overlay endpoints run: announce them. */
  void up(Container c) {
    for (Endpoint e : c.getEndpointsList()) {
      up(c, e);
    }
  }

  /** One endpoint of a running container runs: announce it if it is on an overlay. */
  void up(Container c, Endpoint e) {
    OverlayNetworks o = overlays;
    if (o != null && isOverlay(e.getNetworkId())) {
      List<String> aliases = new ArrayList<>(e.getAliasesList());
      aliases.add(c.getId().substring(0, 12));
      o.up(e, c.getSpec().getName(), aliases);
    }
  }

  /** The container's endpoints stopped: withdraw the overlay ones (and their sandboxes when last). */
  void down(List<Endpoint> endpoints) {
    OverlayNetworks o = overlays;
    if (o != null) {
      endpoints.stream().filter(e -> isOverlay(e.getNetworkId())).forEach(o::down);
    }
  }

  /**
   * Gives back attachments of a container that did not come to be, or of a network it left; a
   * task's addresses go back with the task at the managers, so for {@code byTask} only the
   * networks no local container uses any more are forgotten.
   */
  void release(List<NetworkAttachmentSpec> attached, boolean byTask) {
    OverlayNetworks o = overlays;
    if (o != null) {
      attached.stream().filter(a -> !a.getEndpointId().isEmpty()).forEach(byTask ? o::forget : o::release);
    }
  }

  /** After a restart: sandboxes read back from the kernel and repaired, running endpoints re-announced. */
  void republish() {
    OverlayNetworks o = overlays;
    if (o == null) {
      return;
    }
    o.reconcileAll(true);
    for (Container c : registry.containers()) {
      if (c.getState().equals("running")) {
        up(c);
      }
    }
  }
}
