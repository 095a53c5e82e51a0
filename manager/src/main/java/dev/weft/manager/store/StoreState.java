package dev.weft.manager.store;

import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.Network;
import dev.weft.proto.Node;
import dev.weft.proto.NodeRole;
import dev.weft.proto.StoreSnapshot;
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
 */
public record StoreState(
    long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds,
    Map<String, Network> networks, Map<String, Attachment> attachments) {

  /** Version of the snapshot format written by {@link #toSnapshot()}. */
  public static final int SNAPSHOT_FORMAT = 1;

  public static final StoreState EMPTY = new StoreState(0, null, Map.of(), Set.of(), Map.of(), Map.of());

  public StoreState {
    nodes = Map.copyOf(nodes);
    removedNodeIds = Set.copyOf(removedNodeIds);
    networks = Map.copyOf(networks);
    attachments = Map.copyOf(attachments);
  }

  /** A state without swarm networks. */
  public StoreState(long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds) {
    this(version, cluster, nodes, removedNodeIds, Map.of(), Map.of());
  }

  /** The next version of this state with other networks and attachments. */
  public StoreState next(Map<String, Network> nextNetworks, Map<String, Attachment> nextAttachments) {
    return new StoreState(version + 1, cluster, nodes, removedNodeIds, nextNetworks, nextAttachments);
  }

  /** The attachments on one network, by endpoint id. */
  public Collection<Attachment> attachmentsOn(String networkId) {
    return new TreeMap<>(attachments).values().stream().filter(a -> a.getNetworkId().equals(networkId)).toList();
  }

  /** One node's attachments, by endpoint id. */
  public Collection<Attachment> attachmentsOf(String nodeId) {
    return new TreeMap<>(attachments).values().stream().filter(a -> a.getNodeId().equals(nodeId)).toList();
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
    return new StoreState(
        snapshot.getStoreVersion(),
        snapshot.hasCluster() ? snapshot.getCluster() : null,
        nodes,
        Set.copyOf(snapshot.getRemovedNodeIdsList()),
        networks,
        attachments);
  }
}
