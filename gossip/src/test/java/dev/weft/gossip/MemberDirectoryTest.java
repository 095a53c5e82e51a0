package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.MemberDirectory.Member;
import dev.weft.gossip.wire.MemberInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberDirectoryTest {

  private static Member member(String memberId, String node, long incarnation, String... networks) {
    return new Member(memberId, "127.0.0.1:" + (20_000 + memberId.hashCode() % 1000),
        new MemberInfo(node, incarnation, "198.19.0.1", Set.of(networks)));
  }

  @Test
  void participantsAreTheCurrentMemberOfEachNodeListingTheNetwork() {
    MemberDirectory d = new MemberDirectory();
    d.put(member("b/1/1", "node-b", 1, "net-a"));
    d.put(member("c/1/1", "node-c", 1, "net-a", "net-b"));
    d.put(member("d/1/1", "node-d", 1, "net-b"));
    assertEquals(List.of("node-b", "node-c"), d.participants("net-a").stream().map(Member::nodeId).toList());
    assertEquals(3, d.nodes().size());
  }

  @Test
  void aRestartedNodeSpeaksThroughItsNewestMemberAndStaysAliveWhileEitherIs() {
    MemberDirectory d = new MemberDirectory();
    d.put(member("b/1/1", "node-b", 1, "net-a"));
    d.put(member("b/2/1", "node-b", 2));
    assertEquals(1, d.nodes().size());
    assertEquals("b/2/1", d.nodes().get(0).memberId());
    assertTrue(d.participants("net-a").isEmpty(), "the new incarnation has not announced net-a yet");
    d.remove("b/1/1");
    assertTrue(d.nodeAlive("node-b"));
    d.remove("b/2/1");
    assertFalse(d.nodeAlive("node-b"));
  }
}
