package dev.weft.gossip;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.EndpointTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The endpoint tables of the networks this node participates in, and when it stops participating.
 *
 * <p>A node participates in a network from its first own endpoint on it until the tombstone TTL
 * after its last own endpoint there was withdrawn: long enough for anti-entropy to carry the
 * tombstones to every peer. Then the table is dropped ({@link #expire}). Mutable; used on the
 * node's event thread only.
 */
final class NetworkTables {
  private static final long HAS_OWN_ENDPOINTS = -1;

  private final String nodeId;
  private final long incarnation;
  private final Map<String, EndpointTable> tables = new TreeMap<>();
  /** Per network, since when it has had no own live endpoint, or {@link #HAS_OWN_ENDPOINTS}. */
  private final Map<String, Long> quietSince = new TreeMap<>();

  NetworkTables(String nodeId, long incarnation) {
    this.nodeId = nodeId;
    this.incarnation = incarnation;
  }

  /** The table of {@code networkId}, or null if this node does not participate. */
  EndpointTable get(String networkId) {
    return tables.get(networkId);
  }

  /** The table of {@code networkId}, created empty if there is none. */
  EndpointTable getOrCreate(String networkId) {
    return tables.computeIfAbsent(networkId, n -> new EndpointTable(n, nodeId, incarnation));
  }

  boolean contains(String networkId) {
    return tables.containsKey(networkId);
  }

  /** The networks this node participates in, sorted. */
  Set<String> networks() {
    return Collections.unmodifiableSet(new java.util.TreeSet<>(tables.keySet()));
  }

  Iterable<EndpointTable> all() {
    return new ArrayList<>(tables.values());
  }

  /** This node's live endpoint {@code endpointId} on {@code networkId}, or null. */
  EndpointRecord ownLive(String networkId, String endpointId) {
    EndpointTable table = tables.get(networkId);
    if (table == null) {
      return null;
    }
    for (EndpointRecord r : table.live()) {
      if (r.endpointId().equals(endpointId) && r.owner().equals(nodeId)) {
        return r;
      }
    }
    return null;
  }

  /** Records, after an own write to {@code networkId}, whether the node still has endpoints there. */
  void ownWritten(String networkId, long nowMillis) {
    EndpointTable table = tables.get(networkId);
    boolean hasOwn = table != null && table.live().stream().anyMatch(r -> r.owner().equals(nodeId));
    if (hasOwn) {
      quietSince.put(networkId, HAS_OWN_ENDPOINTS);
    } else if (quietSince.getOrDefault(networkId, HAS_OWN_ENDPOINTS) == HAS_OWN_ENDPOINTS) {
      quietSince.put(networkId, nowMillis);
    }
  }

  /**
   * Drops the tables of networks without own endpoints for at least {@code ttlMillis}, and returns
   * their ids.
   */
  List<String> expire(long nowMillis, long ttlMillis) {
    List<String> dropped = new ArrayList<>();
    quietSince.forEach((network, since) -> {
      if (since != HAS_OWN_ENDPOINTS && nowMillis - since >= ttlMillis) {
        dropped.add(network);
      }
    });
    for (String network : dropped) {
      tables.remove(network);
      quietSince.remove(network);
    }
    return dropped;
  }
}
