package dev.weft.gossip.wire;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a member announces about itself in its ScaleCube metadata: which weft node it is, where its
 * VXLAN traffic goes, and the networks it keeps endpoint tables for. Pushes and anti-entropy
 * requests for a network go only to members that list it.
 *
 * @param nodeId the weft node id, the owner of the node's endpoint records
 * @param incarnation the start of the node's daemon; of two members with one node id, the higher
 *     is the current one
 * @param dataPathIp the node's VTEP address on the underlay
 * @param networks the networks the node participates in, sorted
 */
public record MemberInfo(String nodeId, long incarnation, String dataPathIp, Set<String> networks) {
  public MemberInfo {
    if (!WireLimits.isId(nodeId)) {
      throw new IllegalArgumentException("nodeId must be an id, not '" + nodeId + "'");
    }
    if (incarnation < 0) {
      throw new IllegalArgumentException("incarnation must not be negative: " + incarnation);
    }
    if (!IpLiteral.isValid(dataPathIp)) {
      throw new IllegalArgumentException("dataPathIp must be an IP literal, not '" + dataPathIp + "'");
    }
    networks = Collections.unmodifiableSet(new TreeSet<>(networks));
    if (networks.size() > WireLimits.MAX_NETWORKS) {
      throw new IllegalArgumentException(networks.size() + " networks, more than " + WireLimits.MAX_NETWORKS);
    }
    for (String network : networks) {
      if (!WireLimits.isId(network)) {
        throw new IllegalArgumentException("network must be an id, not '" + network + "'");
      }
    }
  }

  /** The same member with another set of networks. */
  public MemberInfo withNetworks(Set<String> newNetworks) {
    return new MemberInfo(nodeId, incarnation, dataPathIp, newNetworks);
  }
}
