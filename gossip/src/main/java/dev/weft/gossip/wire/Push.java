package dev.weft.gossip.wire;

import dev.weft.gossip.table.EndpointRecord;
import java.util.List;

/**
 * Records an owner sends to the participants of a network the moment it writes them: a put or a
 * tombstone, usually one. The receiver merges them ({@code EndpointTable.merge(records)}).
 *
 * @param networkId the network all records belong to
 * @param records the records, each of {@code networkId}
 */
public record Push(String networkId, List<EndpointRecord> records) {
  public Push {
    if (!WireLimits.isId(networkId)) {
      throw new IllegalArgumentException("networkId must be an id, not '" + networkId + "'");
    }
    records = List.copyOf(records);
    for (EndpointRecord r : records) {
      if (!r.networkId().equals(networkId)) {
        throw new IllegalArgumentException("record " + r.endpointId() + " of network " + r.networkId()
            + " in a push for " + networkId);
      }
    }
  }
}
