package dev.weft.gossip.table;

import java.util.List;

/** Builds test records on network {@value #NET}, with addresses inside 198.18.0.0/15. */
final class Records {
  static final String NET = "net-a";

  private Records() {}

  static Version v(long incarnation, long counter) {
    return new Version(incarnation, counter);
  }

  /** A live record of {@code owner}'s endpoint {@code id}, at overlay address 198.18.0.{@code host}. */
  static EndpointRecord live(String owner, String id, Version version, int host, String... aliases) {
    return new EndpointRecord(id, NET, "198.18.0." + host, String.format("02:42:c6:12:00:%02x", host),
        "198.19.0." + (owner.hashCode() & 0x7f), "ctr-" + id, List.of(aliases), owner, version, false);
  }

  static EndpointRecord tomb(String owner, String id, Version version) {
    return EndpointRecord.tombstone(id, NET, owner, version);
  }

  static EndpointTable table(String node, long incarnation) {
    return new EndpointTable(NET, node, incarnation);
  }

  /** One complete anti-entropy exchange: {@code requester} pulls from {@code responder}. */
  static List<Change> sync(EndpointTable requester, EndpointTable responder) {
    return requester.merge(responder.answer(requester.digest()));
  }
}
