package dev.weft.manager.store;

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
 */
public record StoreState(
    long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds,
    Map<String, Network> networks) {

  /** Version of the snapshot format written by {@link #toSnapshot()}. */
  public static final int SNAPSHOT_FORMAT = 1;

  public static final StoreState EMPTY = new StoreState(0, null, Map.of(), Set.of(), Map.of());

  public StoreState {
    nodes = Map.copyOf(nodes);
    removedNodeIds = Set.copyOf(removedNodeIds);
    networks = Map.copyOf(networks);
  }

  /** A state without swarm networks. */
  public StoreState(long version, Cluster cluster, Map<String, Node> nodes, Set<String> removedNodeIds) {
    this(version, cluster, nodes, removedNodeIds, Map.of());
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
    return new StoreState(
        snapshot.getStoreVersion(),
        snapshot.hasCluster() ? snapshot.getCluster() : null,
        nodes,
        Set.copyOf(snapshot.getRemovedNodeIdsList()),
        networks);
  }
}
