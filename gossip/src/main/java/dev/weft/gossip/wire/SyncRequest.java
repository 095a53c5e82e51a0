package dev.weft.gossip.wire;

import dev.weft.gossip.table.Version;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An anti-entropy request: the requester's digest of one network's table. The peer answers with
 * {@code EndpointTable.answer(digest)}, or with an empty reply if it keeps no table for the network.
 *
 * @param networkId the network
 * @param digest per owner, the version up to which the requester holds everything
 */
public record SyncRequest(String networkId, Map<String, Version> digest) {
  public SyncRequest {
    if (!WireLimits.isId(networkId)) {
      throw new IllegalArgumentException("networkId must be an id, not '" + networkId + "'");
    }
    digest = Collections.unmodifiableMap(new TreeMap<>(digest));
  }
}
