package dev.weft.gossip.table;

import dev.weft.gossip.table.Change.Added;
import dev.weft.gossip.table.Change.Cause;
import dev.weft.gossip.table.Change.Removed;
import dev.weft.gossip.table.Change.Updated;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The records one table stores, tombstones included, one per owner and endpoint id, each with the
 * time {@link #reap} first found it waiting to be removed. Works out the visible change of every
 * write; decides nothing about which writes to make. Mutable; owned by one table.
 */
final class Entries {
  private static final long UNMARKED = Long.MIN_VALUE;

  private final TreeMap<Key, Stored> map = new TreeMap<>();

  /** The stored record of {@code owner}'s endpoint, or null. */
  EndpointRecord get(String endpointId, String owner) {
    Stored stored = map.get(new Key(endpointId, owner));
    return stored == null ? null : stored.record();
  }

  /** Every stored record, by endpoint id and owner. */
  Collection<EndpointRecord> records() {
    return map.values().stream().map(Stored::record).toList();
  }

  int size() {
    return map.size();
  }

  /** Stores {@code record} over whatever was there, and adds the visible change it makes. */
  void store(EndpointRecord record, List<Change> changes) {
    Stored previous = map.put(Key.of(record), new Stored(record, UNMARKED));
    EndpointRecord before = previous == null || previous.record().deleted() ? null : previous.record();
    if (record.deleted()) {
      if (before != null) {
        changes.add(new Removed(before, Cause.DELETED));
      }
    } else if (before == null) {
      changes.add(new Added(record));
    } else if (!before.samePayload(record)) {
      changes.add(new Updated(before, record));
    }
  }

  /**
   * Removes every record of {@code expiredOwners}; marks tombstones and {@code superseded} records
   * with {@code nowMillis} the first time it finds them, and removes them once marked for
   * {@code tombstoneTtlMillis} and {@code retentionMillis} respectively.
   */
  List<Change> reap(long nowMillis, Set<String> expiredOwners, long retentionMillis,
      long tombstoneTtlMillis, Predicate<EndpointRecord> superseded) {
    List<Change> changes = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Stored>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Stored> entry = it.next();
      EndpointRecord record = entry.getValue().record();
      long markedAt = entry.getValue().markedAtMillis();
      if (expiredOwners.contains(record.owner())) {
        it.remove();
        removed(record, Cause.OWNER_DOWN, changes);
      } else if (record.deleted() || superseded.test(record)) {
        if (markedAt == UNMARKED) {
          entry.setValue(new Stored(record, nowMillis));
        } else if (nowMillis - markedAt >= (record.deleted() ? tombstoneTtlMillis : retentionMillis)) {
          it.remove();
          removed(record, Cause.OWNER_RESTARTED, changes);
        }
      }
    }
    return changes;
  }

  /** The live records, by endpoint id and owner. */
  List<EndpointRecord> live() {
    List<EndpointRecord> live = new ArrayList<>();
    for (Stored stored : map.values()) {
      if (!stored.record().deleted()) {
        live.add(stored.record());
      }
    }
    return live;
  }

  /** The addresses of the live records named or aliased {@code name}, sorted. */
  List<String> byName(String name) {
    Set<String> ips = new TreeSet<>();
    for (Stored stored : map.values()) {
      if (stored.record().answersTo(name)) {
        ips.add(stored.record().ip());
      }
    }
    return List.copyOf(ips);
  }

  private static void removed(EndpointRecord record, Cause cause, List<Change> changes) {
    if (!record.deleted()) {
      changes.add(new Removed(record, cause));
    }
  }

  /** An entry's identity; endpoint id first, so iteration order is the order of {@link #live()}. */
  private record Key(String endpointId, String owner) implements Comparable<Key> {
    static Key of(EndpointRecord record) {
      return new Key(record.endpointId(), record.owner());
    }

    @Override
    public int compareTo(Key other) {
      int byId = endpointId.compareTo(other.endpointId);
      return byId != 0 ? byId : owner.compareTo(other.owner);
    }
  }

  /** A record and when {@link #reap} first found it a tombstone or superseded, or UNMARKED. */
  private record Stored(EndpointRecord record, long markedAtMillis) {}
}
