package dev.weft.gossip.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's copy of one overlay network's endpoint table: its own endpoints, which only it
 * writes, and everything its peers told it.
 *
 * <p>Entries are kept per owner and endpoint id, so versions of different owners are never
 * compared. A record from a peer replaces the stored one only if its version is strictly newer;
 * see the package documentation for the full set of rules and why they converge. Every call that
 * modifies the table returns the visible {@link Change}s it made, in order.
 *
 * <p>Not thread-safe: the caller serializes all calls, for example on the one thread that handles
 * the network's gossip. No call reads a clock; times are passed in as milliseconds of one
 * monotonic clock.
 */
public final class EndpointTable {
  private final String networkId;
  private final String localNode;
  private final long incarnation;
  private final Entries entries = new Entries();
  private final Owners owners = new Owners();

  /**
   * An empty table.
   *
   * @param networkId the network the table is for
   * @param localNode this node's id: the owner of every record {@link #put} and {@link #delete}
   *     write
   * @param incarnation this start of the daemon, higher than any before it; the incarnation of
   *     every version this node writes
   */
  public EndpointTable(String networkId, String localNode, long incarnation) {
    if (networkId == null || networkId.isBlank() || localNode == null || localNode.isBlank()) {
      throw new IllegalArgumentException("networkId and localNode are required");
    }
    this.networkId = networkId;
    this.localNode = localNode;
    this.incarnation = incarnation;
    owners.get(localNode).cover(new Version(incarnation, 0));
  }

  public String networkId() {
    return networkId;
  }

  public String localNode() {
    return localNode;
  }

  public long incarnation() {
    return incarnation;
  }

  /** The version of this node's latest write, or {@code (incarnation, 0)} before the first. */
  public Version lastOwnVersion() {
    return owners.get(localNode).covered();
  }

  /** The version for this node's next write when nothing else numbers its writes. */
  public Version nextVersion() {
    return lastOwnVersion().next();
  }

  /**
   * Writes or updates one of this node's own endpoints.
   *
   * @throws IllegalArgumentException if the record is a tombstone, belongs to another owner or
   *     network, or its version is not of this incarnation and newer than {@link #lastOwnVersion()}
   */
  public List<Change> put(EndpointRecord record) {
    if (record.deleted()) {
      throw new IllegalArgumentException("write tombstones with delete(), not put()");
    }
    requireOwnWrite(record.networkId(), record.owner(), record.version());
    List<Change> changes = new ArrayList<>(1);
    entries.store(record, changes);
    owners.get(localNode).cover(record.version());
    return changes;
  }

  /**
   * Replaces one of this node's own live endpoints with a tombstone,
   * {@link EndpointRecord#tombstone} of these arguments, which is what peers must be sent. Does
   * nothing if there is no such live endpoint.
   *
   * @throws IllegalArgumentException as {@link #put}
   */
  public List<Change> delete(String endpointId, Version version) {
    requireOwnWrite(networkId, localNode, version);
    EndpointRecord current = entries.get(endpointId, localNode);
    if (current == null || current.deleted()) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>(1);
    entries.store(EndpointRecord.tombstone(endpointId, networkId, localNode, version), changes);
    owners.get(localNode).cover(version);
    return changes;
  }

  /**
   * Applies records pushed by peers, in any order, possibly old, repeated or incomplete. Records
   * of this node itself are ignored: it is the only writer of its own entries.
   */
  public List<Change> merge(Collection<EndpointRecord> records) {
    List<Change> changes = new ArrayList<>();
    for (EndpointRecord record : records) {
      requireNetwork(record.networkId());
      accept(record, changes);
    }
    return changes;
  }

  /**
   * Applies a peer's complete anti-entropy reply: its records, then its digest, which raises this
   * table's digest for every owner this table still covers as far as the request claimed.
   */
  public List<Change> merge(SyncReply reply) {
    requireNetwork(reply.networkId());
    List<Change> changes = merge(reply.records());
    owners.learn(reply, localNode);
    return changes;
  }

  /** Per owner, the version up to which this table holds everything; owners at zero are left out. */
  public Map<String, Version> digest() {
    return owners.digest();
  }

  /**
   * The records a peer with {@code peerDigest} lacks: every stored record, tombstones included,
   * newer than the peer's digest for its owner, by owner and version. Live records of an owner's
   * earlier incarnation are left out; they are on their way out everywhere.
   */
  public List<EndpointRecord> missingFor(Map<String, Version> peerDigest) {
    List<EndpointRecord> missing = new ArrayList<>();
    for (EndpointRecord record : entries.records()) {
      if (record.version().isNewerThan(peerDigest.getOrDefault(record.owner(), Version.ZERO))
          && !owners.superseded(record)) {
        missing.add(record);
      }
    }
    missing.sort(Comparator.comparing(EndpointRecord::owner).thenComparing(EndpointRecord::version));
    return missing;
  }

  /** The reply to a peer's anti-entropy request carrying {@code peerDigest}. */
  public SyncReply answer(Map<String, Version> peerDigest) {
    return new SyncReply(networkId, peerDigest, digest(), missingFor(peerDigest));
  }

  /**
   * Membership says {@code owner} is gone: its entries stay visible, and {@link #reap} removes them
   * once it has been down for the owner retention. Marking an owner that is already down keeps the
   * first time.
   */
  public void ownerDown(String owner, long nowMillis) {
    if (owner.equals(localNode)) {
      throw new IllegalArgumentException("node " + localNode + " cannot mark itself down");
    }
    owners.get(owner).markDown(nowMillis);
  }

  /**
   * Membership says {@code owner} is back. Cancels a pending removal; if its entries were already
   * removed, its records are accepted again, and the next anti-entropy exchange pulls them (its
   * digest was reset when they were removed).
   */
  public void ownerUp(String owner) {
    owners.get(owner).markUp();
  }

  /** The owners currently marked down, whose entries are suspect or already removed. */
  public Set<String> downOwners() {
    return owners.down();
  }

  /**
   * Removes what has been kept long enough: all entries of owners down for at least the owner
   * retention; live entries of an owner's earlier incarnation, and tombstones, once they have been
   * in that state for the owner retention and the tombstone TTL respectively. The age of the
   * latter two counts from the first {@code reap} that found them so (they carry no time of their
   * own), so call it periodically; an entry is then removed at most one period late, never early.
   */
  public List<Change> reap(long nowMillis, ReapPolicy policy) {
    long retention = policy.ownerRetention().toMillis();
    Set<String> expired = owners.expire(nowMillis, retention);
    return entries.reap(nowMillis, expired, retention, policy.tombstoneTtl().toMillis(),
        owners::superseded);
  }

  /** The visible endpoints: every live record, by endpoint id and owner. */
  public List<EndpointRecord> live() {
    return entries.live();
  }

  /** The addresses DNS answers for {@code name}: of the live records named or aliased so, sorted. */
  public List<String> byName(String name) {
    return entries.byName(name);
  }

  /** How many records the table stores, tombstones included. */
  public int storedCount() {
    return entries.size();
  }

  private void accept(EndpointRecord record, List<Change> changes) {
    if (record.owner().equals(localNode)) {
      return;
    }
    OwnerState state = owners.get(record.owner());
    if (state.reaped()) {
      return;
    }
    EndpointRecord current = entries.get(record.endpointId(), record.owner());
    if (current != null) {
      if (!record.version().isNewerThan(current.version())) {
        return;
      }
    } else if (!record.version().isNewerThan(state.covered())) {
      return; // covered but absent: it was overwritten or deleted, and the tombstone reaped
    } else if (!record.deleted() && record.version().incarnation() < state.highestIncarnation()) {
      return; // from the owner's earlier life; if the endpoint still exists it was re-announced
    }
    state.learnIncarnation(record.version().incarnation());
    entries.store(record, changes);
  }

  private void requireOwnWrite(String recordNetwork, String owner, Version version) {
    requireNetwork(recordNetwork);
    if (!owner.equals(localNode)) {
      throw new IllegalArgumentException(
          "node " + localNode + " writes only its own endpoints, not one owned by " + owner);
    }
    if (version.incarnation() != incarnation || !version.isNewerThan(lastOwnVersion())) {
      throw new IllegalArgumentException("own write " + version + " must be of incarnation "
          + incarnation + " and newer than " + lastOwnVersion());
    }
  }

  private void requireNetwork(String recordNetwork) {
    if (!recordNetwork.equals(networkId)) {
      throw new IllegalArgumentException(
          "record of network " + recordNetwork + " given to the table of " + networkId);
    }
  }
}
