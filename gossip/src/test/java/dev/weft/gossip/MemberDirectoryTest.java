package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.MemberDirectory.Member;
import dev.weft.gossip.wire.MemberInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberDirectoryTest {
  private static final long LEASE = 5_000;
  private static final long LINGER = 60_000;

  private static MemberInfo info(String node, long incarnation, long seq, String... networks) {
    return new MemberInfo(node, incarnation, seq, "198.19.0.1", Set.of(networks));
  }

  private static String address(String memberId) {
    return "127.0.0.1:" + (20_000 + Math.floorMod(memberId.hashCode(), 1000));
  }

  private static List<String> nodes(List<Member> members) {
    return members.stream().map(Member::nodeId).toList();
  }

  @Test
  void participantsAreTheCurrentMemberOfEachNodeListingTheNetwork() {
    MemberDirectory d = new MemberDirectory(LEASE, LINGER);
    d.up("b/1/1", address("b/1/1"), info("node-b", 1, 1, "net-a"), 0);
    d.up("c/1/1", address("c/1/1"), info("node-c", 1, 1, "net-a", "net-b"), 0);
    d.up("d/1/1", address("d/1/1"), info("node-d", 1, 1, "net-b"), 0);
    assertEquals(List.of("node-b", "node-c"), nodes(d.participants("net-a")));
    assertEquals(3, d.alive(0).size());
  }

  @Test
  void aHelloWithAHigherSeqChangesParticipationAndAnOlderOneDoesNot() {
    MemberDirectory d = new MemberDirectory(LEASE, LINGER);
    d.up("b/1/1", address("b/1/1"), info("node-b", 1, 1), 0);
    assertTrue(d.participants("net-a").isEmpty());
    d.heard("b/1/1", address("b/1/1"), info("node-b", 1, 3, "net-a"), 10);
    assertEquals(List.of("node-b"), nodes(d.participants("net-a")));
    d.heard("b/1/1", address("b/1/1"), info("node-b", 1, 2), 20);
    assertEquals(List.of("node-b"), nodes(d.participants("net-a")), "a reordered older hello is ignored");
    d.up("b/1/1", address("b/1/1"), info("node-b", 1, 1), 30);
    assertEquals(List.of("node-b"), nodes(d.participants("net-a")), "join-time metadata is older too");
  }

  @Test
  void aMemberScaleCubeDropsStaysAliveWhileItsTrafficArrivesThenLingers() {
    MemberDirectory d = new MemberDirectory(LEASE, LINGER);
    d.up("b/1/1", address("b/1/1"), info("node-b", 1, 1, "net-a"), 0);
    d.down("b/1/1", 1_000);
    assertFalse(d.nodeAlive("node-b", 1_000), "never heard from directly");
    assertEquals(List.of("node-b"), nodes(d.participants("net-a")), "still a target while lingering");
    assertTrue(d.aliveParticipants("net-a", 1_000).isEmpty());

    assertEquals("node-b", d.heardFrom(address("b/1/1"), 2_000), "traffic revives its node");
    assertTrue(d.nodeAlive("node-b", 2_000 + LEASE - 1));
    assertNull(d.heardFrom(address("b/1/1"), 3_000), "already alive");
    assertFalse(d.nodeAlive("node-b", 3_000 + LEASE));

    assertTrue(d.expire(3_000 + LINGER - 1).isEmpty());
    assertEquals(List.of("b/1/1"), d.expire(3_000 + LINGER).stream().map(Member::memberId).toList());
    assertTrue(d.participants("net-a").isEmpty());
  }

  @Test
  void aHelloFromAMemberScaleCubeNeverAdmittedMakesItAParticipant() {
    MemberDirectory d = new MemberDirectory(LEASE, LINGER);
    assertTrue(d.heard("b/1/1", address("b/1/1"), info("node-b", 1, 2, "net-a"), 0));
    assertEquals(List.of("node-b"), nodes(d.aliveParticipants("net-a", 0)));
    assertEquals(0, d.upCount(), "ScaleCube has not admitted it; a rejoin may still be due");
  }

  @Test
  void aRestartedNodeSpeaksThroughItsNewestMemberAndItsOlderLifeIsDropped() {
    MemberDirectory d = new MemberDirectory(LEASE, LINGER);
    d.up("b/1/1", address("b/1/1"), info("node-b", 1, 4, "net-a"), 0);
    d.up("b/2/1", address("b/2/1"), info("node-b", 2, 1), 10);
    assertEquals(1, d.alive(10).size());
    assertEquals("b/2/1", d.alive(10).get(0).memberId());
    assertNull(d.get("b/1/1"), "the older life is gone");
    assertTrue(d.participants("net-a").isEmpty(), "the new incarnation has not announced net-a yet");
    d.up("b/1/1", address("b/1/1"), info("node-b", 1, 4, "net-a"), 20);
    assertNull(d.get("b/1/1"), "news of the older life after the newer one is ignored");
    d.down("b/2/1", 30);
    assertFalse(d.nodeAlive("node-b", 30));
  }
}
