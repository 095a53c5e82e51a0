package dev.weft.manager.store;

import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.Network;
import dev.weft.proto.Node;
import dev.weft.proto.NodeRole;
import dev.weft.proto.Service;
import dev.weft.proto.StoreSnapshot;
import dev.weft.proto.Task;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.VirtualIp;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One immutable version of the cluster's state.
 *
 * @param version how many successful actions produced this state
 * @param cluster the cluster object, or null before {@code swarm init}
 * @param nodes nodes by id, sorted
 * @param removedNodeIds ids of removed nodes, whose certificates are refused from then on
 * @param networks swarm-scope networks by id
 * @param attachments addresses held on swarm networks by endpoints of nodes, by endpoint id
 * @param services services by id
 * @param tasks tasks of services by id
 */
public record StoreState(
    long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds,
    Map<String, Network> networks, Map<String, Attachment> attachments, Map<String, Service> services,
    Map<String, Task> tasks) {

  /** Version of the snapshot format written by {@link #toSnapshot()}. */
  public static final int SNAPSHOT_FORMAT = 1;

  public static final StoreState EMPTY = new StoreState(0, null, Map.of(), Set.of(), Map.of(), Map.of(), Map.of(), Map.of());

  public StoreState {
    nodes = Map.copyOf(nodes);
    removedNodeIds = Set.copyOf(removedNodeIds);
    networks = Map.copyOf(networks);
    attachments = Map.copyOf(attachments);
    services = Map.copyOf(services);
    tasks = Map.copyOf(tasks);
  }

  /** A state without tasks. */
  public StoreState(long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds,
      Map<String, Network> networks, Map<String, Attachment> attachments, Map<String, Service> services) {
    this(version, cluster, nodes, removedNodeIds, networks, attachments, services, Map.of());
  }

  /** A state without services. */
  public StoreState(long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds,
      Map<String, Network> networks, Map<String, Attachment> attachments) {
    this(version, cluster, nodes, removedNodeIds, networks, attachments, Map.of(), Map.of());
  }

  /** A state without swarm networks. */
  public StoreState(long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds) {
    this(version, cluster, nodes, removedNodeIds, Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** The next version of this state with other networks and attachments. */
  public StoreState next(Map<String, Network> nextNetworks, Map<String, Attachment> nextAttachments) {
    return new StoreState(version + 1, cluster, nodes, removedNodeIds, nextNetworks, nextAttachments, services, tasks);
  }

  /** The next version of this state with other services. */
  public StoreState withServices(Map<String, Service> nextServices) {
    return new StoreState(version + 1, cluster, nodes, removedNodeIds, networks, attachments, nextServices, tasks);
  }

  /** The next version of this state with other services and tasks. */
  public StoreState withServicesAndTasks(Map<String, Service> nextServices, Map<String, Task> nextTasks) {
    return new StoreState(version + 1, cluster, nodes, removedNodeIds, networks, attachments, nextServices, nextTasks);
  }

  /** The next version of this state with other tasks. */
  public StoreState withTasks(Map<String, Task> nextTasks) {
    return new StoreState(version + 1, cluster, nodes, removedNodeIds, networks, attachments, services, nextTasks);
  }

  public Collection<Task> sortedTasks() {
    return new TreeMap<>(tasks).values();
  }

  /** One service's tasks, by id. */
  public Collection<Task> tasksOf(String serviceId) {
    return sortedTasks().stream().filter(t -> t.getServiceId().equals(serviceId)).toList();
  }

  public Collection<Service> sortedServices() {
    return new TreeMap<>(services).values();
  }

  /** The services whose tasks join {@code networkId}, by id. */
  public Collection<Service> servicesOn(String networkId) {
    return sortedServices().stream()
        .filter(s -> s.getSpec().getNetworksList().stream().anyMatch(n -> n.getTarget().equals(networkId))
            || s.getVirtualIpsList().stream().anyMatch(v -> v.getNetworkId().equals(networkId)))
        .toList();
  }

  /**
   * Every address held on {@code networkId} (without prefix) and by whom: attachments of standalone
   * containers and services' virtual IPs. New addresses must avoid all of them.
   */
  public Map<String, String> addressesOn(String networkId) {
    Map<String, String> held = new TreeMap<>();
    for (Attachment a : attachmentsOn(networkId)) {
      held.put(a.getAddress().substring(0, a.getAddress().indexOf('/')), a.getContainerName());
    }
    for (Service s : sortedServices()) {
      for (VirtualIp v : s.getVirtualIpsList()) {
        if (v.getNetworkId().equals(networkId)) {
          held.put(v.getAddress().substring(0, v.getAddress().indexOf('/')), "service " + s.getSpec().getName());
        }
      }
    }
    for (Task t : sortedTasks()) {
      for (TaskAttachment a : t.getAttachmentsList()) {
        if (a.getNetworkId().equals(networkId)) {
          held.put(a.getAddress().substring(0, a.getAddress().indexOf('/')), "task " + t.getId());
        }
      }
    }
    return held;
  }

  /** The attachments on one network, by endpoint id. */
  public Collection<Attachment> attachmentsOn(String networkId) {
    return new TreeMap<>(attachments).values().stream().filter(a -> a.getNetworkId().equals(networkId)).toList();
  }

  /** One node's attachments, by endpoint id. */
  public Collection<Attachment> attachmentsOf(String nodeId) {
    return new TreeMap<>(attachments).values().stream().filter(a -> a.getNodeId().equals(nodeId)).toList();
  }

  /**
   * A swarm network by id, name or unique id prefix.
   *
   * @throws java.util.NoSuchElementException if none matches, naming what to do
   * @throws IllegalArgumentException if a prefix matches several
   */
  public Network network(String ref) {
    return Refs.find(sortedNetworks(), Network::getId, n -> n.getSpec().getName(), ref, "network");
  }

  /** A service by id, name or unique id prefix; throws as {@link #network(String)}. */
  public Service service(String ref) {
    return Refs.find(sortedServices(), Service::getId, s -> s.getSpec().getName(), ref, "service");
  }

  public Collection<Network> sortedNetworks() {
    return new TreeMap<>(networks).values();
  }

  public Optional<Node> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  public Collection<Node> sortedNodes() {
    return new TreeMap<>(nodes).values();
  }

  public long managerCount() {
    return nodes.values().stream().filter(n -> n.getRole() == NodeRole.NODE_ROLE_MANAGER).count();
  }

  public StoreSnapshot toSnapshot() {
    StoreSnapshot.Builder b =
        StoreSnapshot.newBuilder().setFormatVersion(SNAPSHOT_FORMAT).setStoreVersion(version);
    if (cluster != null) {
      b.setCluster(cluster);
    }
    b.addAllNodes(sortedNodes());
    b.addAllRemovedNodeIds(new TreeSet<>(removedNodeIds));
    b.addAllNetworks(sortedNetworks());
    b.addAllAttachments(new TreeMap<>(attachments).values());
    b.addAllServices(sortedServices());
    b.addAllTasks(sortedTasks());
    return b.build();
  }

  /** Restores a state from a snapshot; an unknown format fails loudly rather than loading half. */
  public static StoreState fromSnapshot(StoreSnapshot snapshot) {
    if (snapshot.getFormatVersion() != SNAPSHOT_FORMAT) {
      throw new IllegalStateException(
          "snapshot format " + snapshot.getFormatVersion() + " is not " + SNAPSHOT_FORMAT
              + ": this weftd is older than the one that wrote it");
    }
    Map<String, Node> nodes = new TreeMap<>();
    snapshot.getNodesList().forEach(n -> nodes.put(n.getId(), n));
    Map<String, Network> networks = new TreeMap<>();
    snapshot.getNetworksList().forEach(n -> networks.put(n.getId(), n));
    Map<String, Attachment> attachments = new TreeMap<>();
    snapshot.getAttachmentsList().forEach(a -> attachments.put(a.getId(), a));
    Map<String, Service> services = new TreeMap<>();
    snapshot.getServicesList().forEach(s -> services.put(s.getId(), s));
    Map<String, Task> tasks = new TreeMap<>();
    snapshot.getTasksList().forEach(t -> tasks.put(t.getId(), t));
    return new StoreState(
        snapshot.getStoreVersion(),
        snapshot.hasCluster() ? snapshot.getCluster() : null,
        nodes,
        Set.copyOf(snapshot.getRemovedNodeIdsList()),
        networks,
        attachments,
        services,
        tasks);
  }
}
