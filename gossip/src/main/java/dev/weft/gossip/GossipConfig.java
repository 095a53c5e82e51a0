package dev.weft.gossip;

import dev.weft.gossip.wire.IpLiteral;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * Who this node is in the gossip cluster and where it listens.
 *
 * @param nodeId the weft node id; the owner of every endpoint this node publishes
 * @param bindHost the address the gossip server listens on; an address of this host, never a
 *     wildcard (the stock ScaleCube transport listens on 0.0.0.0, which weft avoids: DEPS.md fix 4)
 * @param port the TCP port to listen on and advertise, 1–65535; {@link #DEFAULT_PORT} in production
 * @param advertiseHost the address other members reach this node at (usually {@code bindHost});
 *     an IP literal or a name they can resolve
 * @param dataPathIp this node's VTEP address on the underlay, the hostDataPathIp of its endpoints
 * @param incarnation this start of the daemon, higher than any before it (the endpoint versions'
 *     incarnation); at least 0
 * @param seeds the gossip addresses of the managers to join through; empty for the first node.
 *     Can be replaced at runtime with {@link GossipNode#seeds}
 */
public record GossipConfig(
    String nodeId,
    String bindHost,
    int port,
    String advertiseHost,
    String dataPathIp,
    long incarnation,
    List<InetSocketAddress> seeds) {

  /** The gossip port, as Docker Swarm's (TCP only: ScaleCube has no UDP transport). */
  public static final int DEFAULT_PORT = 7946;

  private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0", "[::]");

  public GossipConfig {
    if (nodeId == null || nodeId.isBlank() || nodeId.chars().anyMatch(Character::isWhitespace)
        || nodeId.length() > 128) {
      throw new IllegalArgumentException("nodeId must be a non-blank id without spaces, not '" + nodeId + "'");
    }
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost is required");
    }
    if (WILDCARDS.contains(bindHost)) {
      throw new IllegalArgumentException("bindHost must be an address of this host, not the wildcard "
          + bindHost);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1-65535, not " + port);
    }
    if (advertiseHost == null || advertiseHost.isBlank() || WILDCARDS.contains(advertiseHost)) {
      throw new IllegalArgumentException("advertiseHost must be an address peers can reach, not '"
          + advertiseHost + "'");
    }
    if (!IpLiteral.isValid(dataPathIp)) {
      throw new IllegalArgumentException("dataPathIp must be an IP literal, not '" + dataPathIp + "'");
    }
    if (incarnation < 0) {
      throw new IllegalArgumentException("incarnation must not be negative: " + incarnation);
    }
    if (seeds == null) {
      throw new IllegalArgumentException("seeds must not be null; use List.of()");
    }
    seeds = List.copyOf(seeds);
  }

  /** This node's advertised gossip address, as {@code host:port}. */
  public String advertisedAddress() {
    return advertiseHost + ":" + port;
  }
}
