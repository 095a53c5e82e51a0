package dev.weft.gossip;

import static dev.weft.gossip.TestNodes.FAST;
import static dev.weft.gossip.TestNodes.addresses;
import static dev.weft.gossip.TestNodes.await;
import static dev.weft.gossip.TestNodes.ids;
import static dev.weft.gossip.TestNodes.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.gossip.TestNodes.Recorder;
import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.Version;
import dev.weft.gossip.wire.EndpointCodec;
import dev.weft.gossip.wire.MemberInfo;
import dev.weft.gossip.wire.MemberInfoCodec;
import dev.weft.gossip.wire.Push;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Garbage on the gossip port, and malformed payloads from a member, leave a node working. */
@Timeout(30)
class MalformedTrafficTest {
  private static final String N = "net-n";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void garbageFramesAreDroppedAndTheNodeKeepsWorking() throws IOException {
    try (TestNodes t = new TestNodes()) {
      GossipNode a = t.start("node-a", FAST, new Recorder());
      GossipNode b = t.start("node-b", FAST, new Recorder(), a);
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < 20; i++) {
        byte[] noise = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(noise);
        sendFrames(a.config().port(), noise);
      }
      sendFrames(a.config().port(), javaSerialized(new Date()));
      try (Socket socket = new Socket(TestNodes.HOST, a.config().port())) {
        new DataOutputStream(socket.getOutputStream()).writeInt(Integer.MAX_VALUE); // a 2 GB frame
      }

      publish(b, N, "ep-b", 2);
      publish(a, N, "ep-a", 1);
      List<String> both = List.of("ep-a@node-a", "ep-b@node-b");
      await(WAIT, () -> ids(a, N).equals(both) && ids(b, N).equals(both), () -> ids(a, N) + " " + ids(b, N));
      assertEquals(2, a.members());
    }
  }

  @Test
  void malformedPayloadsFromAMemberAreDropped() {
    try (TestNodes t = new TestNodes()) {
      GossipNode a = t.start("node-a", FAST, new Recorder());
      GossipNode b = t.start("node-b", FAST, new Recorder(), a);
      publish(a, N, "ep-a", 1);
      try (ClusterLink rogue = rogue(a)) {
        await(WAIT, () -> a.members() == 3, () -> "members " + a.members());
        String target = a.config().advertisedAddress();
        byte[] valid = EndpointCodec.encode(new Push(N, List.of(new EndpointRecord("ep-r", N, "198.18.0.9",
            "02:42:c6:12:00:09", "198.19.0.99", "rogue", List.of(), "node-r", new Version(1, 1), false))));
        byte[] wrongFormat = valid.clone();
        wrongFormat[0] = 7;
        byte[] badIp = new String(valid, java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("198.18.0.9", "198.18.0.x").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (byte[] payload : List.of(new byte[0], Arrays.copyOf(valid, valid.length - 3), wrongFormat, badIp,
            new byte[] {1, 1, 0, 5})) {
          rogue.send(target, EndpointGossip.PUSH, payload);
          rogue.send(target, SyncExchanges.SYNC, payload);
        }
        rogue.send(target, EndpointGossip.PUSH, valid); // sent last: once it is in, the rest was handled
        await(WAIT, () -> ids(a, N).contains("ep-r@node-r"), () -> ids(a, N).toString());
      }
      publish(b, N, "ep-b", 2);
      await(WAIT, () -> ids(a, N).containsAll(List.of("ep-a@node-a", "ep-b@node-b")), () -> ids(a, N).toString());
      assertEquals(List.of("ep-a@node-a", "ep-b@node-b", "ep-r@node-r"), ids(a, N));
    }
  }

  /** A member that announces network N but speaks through the raw link, so it can send anything. */
  private static ClusterLink rogue(GossipNode seed) {
    SplittableRandom random = new SplittableRandom();
    for (int attempt = 0; ; attempt++) {
      GossipConfig config = new GossipConfig("node-r", TestNodes.HOST, 20_000 + random.nextInt(12_000),
          TestNodes.HOST, "198.19.0.99", 1, addresses(seed));
      try {
        return ClusterLink.start(config, FAST, "node-r/1/1", config.seeds(),
            MemberInfoCodec.encode(new MemberInfo("node-r", 1, 1, "198.19.0.99", Set.of(N))),
            new ClusterLink.Handler() {
              @Override
              public void onEvent(ClusterLink.Event event) {}

              @Override
              public void onMessage(ClusterLink.Inbound message) {}
            }, Duration.ofSeconds(10)).join();
      } catch (java.util.concurrent.CompletionException e) {
        if (!(e.getCause() instanceof UncheckedIOException) || attempt > 20) {
          throw e;
        }
      }
    }
  }

  private static void sendFrames(int port, byte[] frame) throws IOException {
    try (Socket socket = new Socket(TestNodes.HOST, port)) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(frame.length);
      out.write(frame);
      out.flush();
    }
  }

  private static byte[] javaSerialized(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream o = bytes; ObjectOutputStream out = new ObjectOutputStream(o)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }
}
