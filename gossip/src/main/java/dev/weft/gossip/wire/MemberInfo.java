package dev.weft.gossip.wire;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a member says about itself, in its ScaleCube metadata when it joins and in weft's own
 * {@link Hello}s after: which weft node it is, where its VXLAN traffic goes, and the networks it
 * keeps endpoint tables for. Pushes and anti-entropy requests for a network go only to members that
 * list it.
 *
 * @param nodeId the weft node id, the owner of the node's endpoint records
 * @param incarnation the start of the node's daemon; of two members with one node id, the higher
 *     is the current one
 * @param seq counts the changes of {@code networks} within one incarnation; of two infos of one
 *     node, the one with the higher (incarnation, seq) is the newer ({@link #newerThan})
 * @param dataPathIp the node's VTEP address on the underlay
 * @param networks the networks the node participates in, sorted
 */
public record MemberInfo(String nodeId, long incarnation, long seq, String dataPathIp, Set<String> networks) {
  public MemberInfo {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
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

  /** Whether this info supersedes {@code other} (null: anything does): a later incarnation or seq. */
  public boolean newerThan(MemberInfo other) {
    return other == null || incarnation > other.incarnation
        || (incarnation == other.incarnation && seq > other.seq);
  }
}
