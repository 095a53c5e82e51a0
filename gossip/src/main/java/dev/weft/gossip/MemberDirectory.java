package dev.weft.gossip;

import dev.weft.gossip.wire.MemberInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The other members this node knows, by ScaleCube member id, with the newest word each gave about
 * itself, and whether it is alive.
 *
 * <p>A member is <em>alive</em> while ScaleCube counts it as a member, or for {@code leaseMillis}
 * after any weft message from it. ScaleCube's verdict alone flaps under packet loss (a suspicion
 * whose refutation needs a metadata fetch that times out removes the member); weft's own traffic
 * keeps such a member alive. A member neither ScaleCube nor traffic vouches for is <em>lingering</em>:
 * its node is down (its endpoints start their retention), but it stays a push and anti-entropy
 * target for {@code lingerMillis}, so that the moment a partition heals, the next round reaches
 * it. Then it is forgotten.
 *
 * <p>A node restarting gets a new member id and incarnation; once the new member is known, the
 * older ones of that node are dropped. Pure (times are passed in) and mutable; used on the node's
 * event thread only.
 */
final class MemberDirectory {

  /**
   * What this node knows of one member.
   *
   * @param up whether ScaleCube currently counts it as a member
   * @param heardAt when weft last heard from it, or {@link Long#MIN_VALUE} if never
   * @param downAt when ScaleCube last removed it, or {@link Long#MIN_VALUE} if never
   */
  record Member(String memberId, String address, MemberInfo info, boolean up, long heardAt, long downAt) {
    String nodeId() {
      return info.nodeId();
    }
  }

  private final long leaseMillis;
  private final long lingerMillis;
  private final Map<String, Member> byMemberId = new HashMap<>();

  /**
   * @param leaseMillis how long a message from a member keeps it alive
   * @param lingerMillis how long a member that is no longer alive stays a target
   */
  MemberDirectory(long leaseMillis, long lingerMillis) {
    if (leaseMillis <= 0 || lingerMillis <= 0) {
      throw new IllegalArgumentException("lease and linger must be positive: " + leaseMillis + ", " + lingerMillis);
    }
    this.leaseMillis = leaseMillis;
    this.lingerMillis = lingerMillis;
  }

  /**
   * ScaleCube counts the member in (added, or updated): it is up, and {@code info} is taken if newer.
   * Returns true if its node was not alive before.
   */
  boolean up(String memberId, String address, MemberInfo info, long now) {
    boolean wasAlive = nodeAlive(info.nodeId(), now);
    Member m = byMemberId.get(memberId);
    MemberInfo newest = m == null || info.newerThan(m.info()) ? info : m.info();
    put(new Member(memberId, address, newest, true, m == null ? Long.MIN_VALUE : m.heardAt(),
        m == null ? Long.MIN_VALUE : m.downAt()));
    return !wasAlive;
  }

  /**
   * The member said who it is in a hello: it is heard now, and {@code info} is taken if newer.
   * Returns true if its node was not alive before.
   */
  boolean heard(String memberId, String address, MemberInfo info, long now) {
    boolean wasAlive = nodeAlive(info.nodeId(), now);
    Member m = byMemberId.get(memberId);
    if (m == null) {
      put(new Member(memberId, address, info, false, now, Long.MIN_VALUE));
    } else {
      put(new Member(memberId, address, info.newerThan(m.info()) ? info : m.info(), m.up(), now, m.downAt()));
    }
    return !wasAlive;
  }

  /**
   * Some weft message came from {@code address}: the current member there is heard now. Returns
   * its node id if that node was not alive before, else null.
   */
  String heardFrom(String address, long now) {
    Member m = byAddress(address);
    if (m == null) {
      return null;
    }
    boolean wasAlive = nodeAlive(m.nodeId(), now);
    byMemberId.put(m.memberId(), new Member(m.memberId(), m.address(), m.info(), m.up(), now, m.downAt()));
    return wasAlive ? null : m.nodeId();
  }

  /** ScaleCube counts the member out; it lingers (see the class documentation). */
  void down(String memberId, long now) {
    Member m = byMemberId.get(memberId);
    if (m != null) {
      byMemberId.put(memberId, new Member(memberId, m.address(), m.info(), false, m.heardAt(), now));
    }
  }

  /** Forgets the members that have been neither up nor heard for the linger time; returns them. */
  List<Member> expire(long now) {
    List<Member> gone = new ArrayList<>();
    byMemberId.values().removeIf(m -> {
      boolean expired = !alive(m, now) && now - Math.max(m.heardAt(), m.downAt()) >= lingerMillis;
      if (expired) {
        gone.add(m);
      }
      return expired;
    });
    return gone;
  }

  /** ScaleCube counts every member out (this node starts a new ScaleCube member). */
  void allDown(long now) {
    for (Member m : List.copyOf(byMemberId.values())) {
      if (m.up()) {
        down(m.memberId(), now);
      }
    }
  }

  Member get(String memberId) {
    return byMemberId.get(memberId);
  }

  /** The current member at {@code address}, or null. */
  Member byAddress(String address) {
    Member found = null;
    for (Member m : byMemberId.values()) {
      if (m.address().equals(address) && (found == null || m.info().newerThan(found.info()))) {
        found = m;
      }
    }
    return found;
  }

  /** How many members ScaleCube counts in; zero means this node is alone in ScaleCube's view. */
  int upCount() {
    return (int) byMemberId.values().stream().filter(Member::up).count();
  }

  /** Whether any member of {@code nodeId} is alive. */
  boolean nodeAlive(String nodeId, long now) {
    return byMemberId.values().stream().anyMatch(m -> m.nodeId().equals(nodeId) && alive(m, now));
  }

  /** The current member of every alive node, by node id. */
  List<Member> alive(long now) {
    return current(m -> alive(m, now));
  }

  /** The current member of every known node, alive or lingering, by node id. */
  List<Member> known() {
    return current(m -> true);
  }

  /** The current member of every known node (alive or lingering) that lists {@code networkId}. */
  List<Member> participants(String networkId) {
    return known().stream().filter(m -> m.info().networks().contains(networkId)).toList();
  }

  /** The current member of every alive node that lists {@code networkId}. */
  List<Member> aliveParticipants(String networkId, long now) {
    return alive(now).stream().filter(m -> m.info().networks().contains(networkId)).toList();
  }

  private boolean alive(Member m, long now) {
    return m.up() || (m.heardAt() != Long.MIN_VALUE && now - m.heardAt() < leaseMillis);
  }

  /**
   * Adds or replaces a member and drops older incarnations of its node; a member of an older
   * incarnation than one already known is ignored (its node restarted since).
   */
  private void put(Member member) {
    boolean superseded = byMemberId.values().stream().anyMatch(m -> m.nodeId().equals(member.nodeId())
        && m.info().incarnation() > member.info().incarnation());
    if (superseded) {
      return;
    }
    byMemberId.values().removeIf(m -> m.nodeId().equals(member.nodeId())
        && m.info().incarnation() < member.info().incarnation());
    byMemberId.put(member.memberId(), member);
  }

  /** Per node, the member with the newest info among those {@code filter} admits. */
  private List<Member> current(Predicate<Member> filter) {
    Map<String, Member> current = new TreeMap<>();
    for (Member m : byMemberId.values()) {
      if (filter.test(m)) {
        current.merge(m.nodeId(), m, (a, b) -> b.info().newerThan(a.info()) ? b : a);
      }
    }
    List<Member> members = new ArrayList<>(current.values());
    members.sort(Comparator.comparing(Member::nodeId));
    return members;
  }

  /** Marks down every owner in {@code table} but {@code self} that no alive member speaks for (idempotent). */
  void markAbsentOwnersDown(dev.weft.gossip.table.EndpointTable table, String self, long now) {
    Set<String> owners = new HashSet<>(table.digest().keySet());
    table.live().forEach(r -> owners.add(r.owner()));
    owners.remove(self);
    for (String owner : owners) {
      if (!nodeAlive(owner, now)) {
        table.ownerDown(owner, now);
      }
    }
  }
}
