package dev.weft.gossip.table;

/**
 * A change in what a table shows, returned by every call that modifies an {@link EndpointTable}
 * so the caller can program the data plane (neighbour and FDB entries) and DNS from it, in order.
 *
 * <p>Only visible changes are reported: a live endpoint appearing, its address, MAC, VTEP, name or
 * aliases changing, or it disappearing. A write that changes only the version (an owner
 * re-announcing an endpoint after a restart) and anything about tombstones are not reported.
 * Changes of the local node's own endpoints are reported too (DNS needs them); the data plane
 * should skip those, since they sit on the local bridge.
 */
public sealed interface Change {

  /** The record the change is about: the new one, or for a removal the last one visible. */
  EndpointRecord record();

  /** A live endpoint that was not visible before. */
  record Added(EndpointRecord record) implements Change {
    public Added {
      requireLive(record);
    }
  }

  /** A visible endpoint whose address, MAC, VTEP, name or aliases changed. */
  record Updated(EndpointRecord previous, EndpointRecord record) implements Change {
    public Updated {
      requireLive(previous);
      requireLive(record);
      if (!previous.endpointId().equals(record.endpointId()) || !previous.owner().equals(record.owner())) {
        throw new IllegalArgumentException("an update must keep the endpoint and owner: "
            + previous.endpointId() + "@" + previous.owner() + " -> " + record.endpointId() + "@"
            + record.owner());
      }
    }
  }

  /** A visible endpoint that is gone; {@code record} is the last live record seen of it. */
  record Removed(EndpointRecord record, Cause cause) implements Change {
    public Removed {
      requireLive(record);
      if (cause == null) {
        throw new IllegalArgumentException("cause is required");
      }
    }
  }

  /** Why an endpoint was removed. */
  enum Cause {
    /** Its owner deleted it (a tombstone arrived or was written). */
    DELETED,
    /** Its owner was down for longer than the retention period. */
    OWNER_DOWN,
    /** Its owner restarted and did not re-announce it within the retention period. */
    OWNER_RESTARTED
  }

  private static void requireLive(EndpointRecord record) {
    if (record == null || record.deleted()) {
      throw new IllegalArgumentException("a change is about a live record, not " + record);
    }
  }
}
