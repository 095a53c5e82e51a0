package dev.weft.gossip;

import dev.weft.gossip.wire.MemberInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The other members that are alive, by ScaleCube member id, with what each announced. A node
 * restarting gets a new member id, so for a moment one node id may have two members; the one with
 * the higher incarnation speaks for the node. Mutable; used on the node's event thread only.
 */
final class MemberDirectory {

  /** An alive member: its ScaleCube id, its gossip address and its announcement. */
  record Member(String memberId, String address, MemberInfo info) {
    String nodeId() {
      return info.nodeId();
    }
  }

  private final Map<String, Member> byMemberId = new HashMap<>();

  /** Adds or replaces a member; returns the previous entry of that member id, or null. */
  Member put(Member member) {
    return byMemberId.put(member.memberId(), member);
  }

  Member remove(String memberId) {
    return byMemberId.remove(memberId);
  }

  Member get(String memberId) {
    return byMemberId.get(memberId);
  }

  void clear() {
    byMemberId.clear();
  }

  /** How many other members are alive. */
  int size() {
    return byMemberId.size();
  }

  /** Whether any alive member speaks for {@code nodeId}. */
  boolean nodeAlive(String nodeId) {
    return byMemberId.values().stream().anyMatch(m -> m.nodeId().equals(nodeId));
  }

  /** The current member of every alive node, by node id. */
  List<Member> nodes() {
    Map<String, Member> current = new TreeMap<>();
    for (Member m : byMemberId.values()) {
      current.merge(m.nodeId(), m, (a, b) -> a.info().incarnation() >= b.info().incarnation() ? a : b);
    }
    return new ArrayList<>(current.values());
  }

  /** The current member of every alive node that lists {@code networkId}, by node id. */
  List<Member> participants(String networkId) {
    List<Member> participants = new ArrayList<>();
    for (Member m : nodes()) {
      if (m.info().networks().contains(networkId)) {
        participants.add(m);
      }
    }
    participants.sort(Comparator.comparing(Member::nodeId));
    return participants;
  }
}
