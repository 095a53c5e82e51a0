package dev.weft.gossip;

import static dev.weft.gossip.TestNodes.FAST;
import static dev.weft.gossip.TestNodes.addresses;
import static dev.weft.gossip.TestNodes.await;
import static dev.weft.gossip.TestNodes.ids;
import static dev.weft.gossip.TestNodes.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gossip.TestNodes.Recorder;
import dev.weft.gossip.table.Change;
import dev.weft.gossip.table.EndpointRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real ScaleCube members on 127.0.0.1, several per test, in one JVM. */
@Timeout(30)
class GossipNodeTest {
  private static final String N = "net-n";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void participantsConvergeAndOnlyParticipantsGetTheRecords() {
    try (TestNodes t = new TestNodes()) {
      Recorder ra = new Recorder();
      Recorder rb = new Recorder();
      Recorder rc = new Recorder();
      Recorder rd = new Recorder();
      GossipNode a = t.start("node-a", FAST, ra);
      GossipNode b = t.start("node-b", FAST, rb, a);
      GossipNode c = t.start("node-c", FAST, rc, a);
      GossipNode d = t.start("node-d", FAST, rd, b);
      await(WAIT, () -> List.of(a, b, c, d).stream().allMatch(n -> n.members() == 4),
          () -> "members " + a.members() + " " + b.members() + " " + c.members() + " " + d.members());

      publish(a, N, "ep-a", 1);
      publish(b, N, "ep-b", 2);
      publish(c, N, "ep-c", 3);
      publish(d, "net-other", "ep-d", 4);
      List<String> all = List.of("ep-a@node-a", "ep-b@node-b", "ep-c@node-c");
      await(WAIT, () -> ids(a, N).equals(all) && ids(b, N).equals(all) && ids(c, N).equals(all),
          () -> ids(a, N) + " " + ids(b, N) + " " + ids(c, N));
      await(WAIT, () -> a.peers(N).equals(List.of(new Peer("node-b", TestNodes.dataPathIp("node-b")),
          new Peer("node-c", TestNodes.dataPathIp("node-c")))), () -> "peers of a: " + a.peers(N));
      EndpointRecord epA = b.live(N).get(0);
      assertEquals(TestNodes.dataPathIp("node-a"), epA.hostDataPathIp());
      assertEquals(List.of("alias-ep-a"), epA.aliases());

      a.withdraw(N, "ep-a");
      List<String> rest = List.of("ep-b@node-b", "ep-c@node-c");
      await(WAIT, () -> ids(a, N).equals(rest) && ids(b, N).equals(rest) && ids(c, N).equals(rest),
          () -> ids(a, N) + " " + ids(b, N) + " " + ids(c, N));
      assertTrue(rb.removed("ep-a", "node-a", Change.Cause.DELETED));
      assertTrue(rc.removed("ep-a", "node-a", Change.Cause.DELETED));
      assertTrue(a.networks().contains(N), "a keeps the table while its tombstone spreads");

      assertEquals(Set.of("net-other"), d.networks());
      assertTrue(d.live(N).isEmpty());
      assertFalse(rd.any(N), "d never saw a record of " + N + ": " + rd.all());
      assertTrue(d.peers("net-other").isEmpty());
      assertEquals(List.of("ep-d@node-d"), ids(d, "net-other"));
    }
  }

  @Test
  void aDeadMembersEndpointsStayUntilRetentionThenGo() {
    GossipSettings settings = withRetention(Duration.ofSeconds(3));
    try (TestNodes t = new TestNodes()) {
      Recorder ra = new Recorder();
      GossipNode a = t.start("node-a", settings, ra);
      GossipNode b = t.start("node-b", settings, new Recorder(), a);
      GossipNode c = t.start("node-c", settings, new Recorder(), a);
      publish(a, N, "ep-a", 1);
      publish(b, N, "ep-b", 2);
      publish(c, N, "ep-c", 3);
      List<String> all = List.of("ep-a@node-a", "ep-b@node-b", "ep-c@node-c");
      await(WAIT, () -> ids(a, N).equals(all) && ids(b, N).equals(all), () -> ids(a, N) + " " + ids(b, N));

      c.close();
      await(WAIT, () -> a.members() == 2 && b.members() == 2, () -> a.members() + " " + b.members());
      long goneAt = System.nanoTime();
      assertEquals(all, ids(a, N), "entries of a node just gone stay visible");
      assertEquals(all, ids(b, N));

      await(WAIT, () -> ra.removed("ep-c", "node-c", Change.Cause.OWNER_DOWN), () -> ra.all().toString());
      long keptMillis = (System.nanoTime() - goneAt) / 1_000_000;
      assertTrue(keptMillis >= 2_000, "kept only " + keptMillis + " ms of a 3 s retention");
      List<String> rest = List.of("ep-a@node-a", "ep-b@node-b");
      await(WAIT, () -> ids(a, N).equals(rest) && ids(b, N).equals(rest), () -> ids(a, N) + " " + ids(b, N));
    }
  }

  @Test
  void aRestartedMemberReannouncesAndItsEarlierLifeGoes() {
    GossipSettings settings = withRetention(Duration.ofSeconds(5));
    try (TestNodes t = new TestNodes()) {
      Recorder ra = new Recorder();
      Recorder rc = new Recorder();
      GossipNode a = t.start("node-a", settings, ra);
      GossipNode b = t.start("node-b", settings, new Recorder(), a);
      GossipNode c = t.start("node-c", settings, rc, a);
      publish(a, N, "ep-a", 1);
      publish(b, N, "ep-1", 2);
      publish(b, N, "ep-2", 3);
      publish(c, N, "ep-c", 4);
      List<String> before = List.of("ep-1@node-b", "ep-2@node-b", "ep-a@node-a", "ep-c@node-c");
      await(WAIT, () -> ids(a, N).equals(before) && ids(c, N).equals(before), () -> ids(a, N) + " " + ids(c, N));

      int port = b.config().port();
      b.close();
      GossipNode b2 = t.start("node-b", 2, settings, new Recorder(), addresses(a), port);
      publish(b2, N, "ep-1", 2);

      List<String> after = List.of("ep-1@node-b", "ep-a@node-a", "ep-c@node-c");
      await(WAIT, () -> ids(a, N).equals(after) && ids(c, N).equals(after) && ids(b2, N).equals(after),
          () -> ids(a, N) + " " + ids(c, N) + " " + ids(b2, N));
      for (GossipNode n : List.of(a, c)) {
        EndpointRecord ep1 = n.live(N).stream().filter(r -> r.endpointId().equals("ep-1")).findFirst().orElseThrow();
        assertEquals(2, ep1.version().incarnation());
      }
      assertTrue(ra.removed("ep-2", "node-b", Change.Cause.OWNER_RESTARTED), ra.all().toString());
      assertTrue(rc.removed("ep-2", "node-b", Change.Cause.OWNER_RESTARTED), rc.all().toString());
      assertFalse(ra.removed("ep-1", "node-b", Change.Cause.OWNER_RESTARTED)
          || ra.removed("ep-1", "node-b", Change.Cause.OWNER_DOWN), "ep-1 stayed visible across the restart");
    }
  }

  @Test
  void membersOutliveTheirSeedAndNewcomersFindThem() {
    try (TestNodes t = new TestNodes()) {
      GossipNode s = t.start("node-s", FAST, new Recorder());
      GossipNode o = t.start("node-o", FAST, new Recorder(), s);
      GossipNode x = t.start("node-x", FAST, new Recorder(), s);
      await(WAIT, () -> x.members() == 3 && o.members() == 3, () -> x.members() + " " + o.members());

      s.close();
      await(WAIT, () -> x.members() == 2 && o.members() == 2, () -> x.members() + " " + o.members());

      GossipNode n = t.start("node-n", FAST, new Recorder(), o);
      await(WAIT, () -> n.members() == 3 && x.members() == 3, () -> n.members() + " " + x.members());
      publish(x, N, "ep-x", 1);
      publish(n, N, "ep-n", 2);
      List<String> both = List.of("ep-n@node-n", "ep-x@node-x");
      await(WAIT, () -> ids(x, N).equals(both) && ids(n, N).equals(both), () -> ids(x, N) + " " + ids(n, N));
    }
  }

  @Test
  void aLoneNodeRejoinsThroughNewSeeds() throws IOException {
    try (TestNodes t = new TestNodes()) {
      GossipNode a = t.start("node-a", FAST, new Recorder());
      GossipNode b = t.start("node-b", FAST, new Recorder(), a);
      // x joins through a seed where nobody listens, so it stays alone
      GossipNode x = t.start("node-x", 1, FAST, new Recorder(),
          List.of(InetSocketAddress.createUnresolved(TestNodes.HOST, closedPort())));
      publish(x, N, "ep-x", 1);
      publish(a, N, "ep-a", 2);
      await(WAIT, () -> a.members() == 2, () -> "a sees " + a.members());
      assertEquals(1, x.members());

      x.seeds(addresses(b));
      await(WAIT, () -> x.members() == 3 && a.members() == 3 && b.members() == 3,
          () -> x.members() + " " + a.members() + " " + b.members());
      List<String> both = List.of("ep-a@node-a", "ep-x@node-x");
      await(WAIT, () -> ids(x, N).equals(both) && ids(a, N).equals(both), () -> ids(x, N) + " " + ids(a, N));
    }
  }

  /** A port nothing listens on: one the kernel just handed out and took back. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(TestNodes.HOST))) {
      return socket.getLocalPort();
    }
  }

  static GossipSettings withRetention(Duration retention) {
    return new GossipSettings(FAST.pingInterval(), FAST.pingTimeout(), FAST.gossipInterval(), FAST.gossipFanout(),
        FAST.suspicionMult(), FAST.syncInterval(), FAST.antiEntropyInterval(), retention);
  }
}
