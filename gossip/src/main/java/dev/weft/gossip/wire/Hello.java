package dev.weft.gossip.wire;

/**
 * A member's word about itself, sent by weft rather than by ScaleCube: when its networks change
 * (to every member it knows), when ScaleCube reports a new member, and once per anti-entropy round
 * to a random member. Participation travels this way, not as a ScaleCube metadata update, so a
 * change costs one small message per member instead of a metadata fetch by every member, and a
 * member ScaleCube keeps suspecting under packet loss is still heard.
 *
 * @param memberId the sender's ScaleCube member id
 * @param address the sender's gossip address, host:port; a receiver accepts a hello only from
 *     the address it names
 * @param info the sender's node, incarnation, participation sequence, VTEP and networks
 * @param replyWanted whether the receiver should answer with its own hello
 */
public record Hello(String memberId, String address, MemberInfo info, boolean replyWanted) {
  public Hello {
    if (!WireLimits.isId(memberId)) {
      throw new IllegalArgumentException("memberId must be an id, not '" + memberId + "'");
    }
    if (!WireLimits.isId(address) || !address.matches(".+:[0-9]{1,5}")) {
      throw new IllegalArgumentException("address must be host:port, not '" + address + "'");
    }
    if (info == null) {
      throw new IllegalArgumentException("info is required");
    }
  }
}
