package dev.weft.gossip.table;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The {@link OwnerState} of every owner one table has heard of. Mutable; owned by that table. */
final class Owners {
  private final TreeMap<String, OwnerState> states = new TreeMap<>();

  OwnerState get(String owner) {
    return states.computeIfAbsent(owner, o -> new OwnerState());
  }

  /** Whether a live record is from an incarnation its owner has since left. */
  boolean superseded(EndpointRecord record) {
    return !record.deleted() && record.version().incarnation() < get(record.owner()).highestIncarnation();
  }

  /** Each owner's covered version, leaving out owners at zero. */
  Map<String, Version> digest() {
    Map<String, Version> digest = new TreeMap<>();
    states.forEach((owner, state) -> {
      if (state.covered().isNewerThan(Version.ZERO)) {
        digest.put(owner, state.covered());
      }
    });
    return Collections.unmodifiableMap(digest);
  }

  Set<String> down() {
    Set<String> down = new TreeSet<>();
    states.forEach((owner, state) -> {
      if (state.down()) {
        down.add(owner);
      }
    });
    return Collections.unmodifiableSet(down);
  }

  /**
   * Takes in the digest of a reply whose records were applied. Coverage rises to the responder's
   * only where this table still covers what the request claimed, since the responder sent only
   * what lay above it; never for {@code localNode}, which alone knows its own writes, nor for
   * reaped owners, whose records were dropped. Rising coverage also tells of a newer incarnation,
   * which is how a restarted owner that re-announced nothing becomes known.
   */
  void learn(SyncReply reply, String localNode) {
    for (Map.Entry<String, Version> peer : reply.digest().entrySet()) {
      if (peer.getKey().equals(localNode)) {
        continue;
      }
      OwnerState state = get(peer.getKey());
      Version basis = reply.requestDigest().getOrDefault(peer.getKey(), Version.ZERO);
      if (!state.reaped() && state.covered().compareTo(basis) >= 0) {
        state.cover(peer.getValue());
      }
    }
  }

  /** Marks reaped, and returns, the owners down for at least {@code retentionMillis}. */
  Set<String> expire(long nowMillis, long retentionMillis) {
    Set<String> expired = new HashSet<>();
    states.forEach((owner, state) -> {
      if (state.down() && !state.reaped() && nowMillis - state.downSinceMillis() >= retentionMillis) {
        state.markReaped();
        expired.add(owner);
      }
    });
    return expired;
  }
}
