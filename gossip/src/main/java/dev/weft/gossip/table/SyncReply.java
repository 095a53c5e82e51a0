package dev.weft.gossip.table;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A peer's answer to an anti-entropy request: the records the requester lacked, and the digests
 * on both sides that make the answer safe to build on. Made by {@link EndpointTable#answer} and
 * applied, whole, by {@link EndpointTable#merge(SyncReply)}.
 *
 * <p>The requester may raise its own digest for an owner to the responder's only because the
 * responder sent every record of that owner newer than {@code requestDigest}; carrying the request
 * back lets the requester check that it still holds what it claimed (it may have restarted or
 * reaped the owner meanwhile) without remembering its requests. A transport that splits a reply
 * must apply the records of every part before the digests.
 *
 * @param networkId the network both tables belong to
 * @param requestDigest the requester's digest the answer was computed from
 * @param digest the responder's digest when it answered
 * @param records every record the responder held newer than {@code requestDigest}, by owner and
 *     version
 */
public record SyncReply(
    String networkId,
    Map<String, Version> requestDigest,
    Map<String, Version> digest,
    List<EndpointRecord> records) {

  public SyncReply {
    if (networkId == null || networkId.isBlank()) {
      throw new IllegalArgumentException("networkId is required");
    }
    requestDigest = sortedCopy(requestDigest);
    digest = sortedCopy(digest);
    records = List.copyOf(records);
    for (EndpointRecord r : records) {
      if (!r.networkId().equals(networkId)) {
        throw new IllegalArgumentException(
            "record " + r.endpointId() + " of network " + r.networkId() + " in a reply for " + networkId);
      }
    }
  }

  private static Map<String, Version> sortedCopy(Map<String, Version> digest) {
    return Collections.unmodifiableMap(new TreeMap<>(digest));
  }
}
