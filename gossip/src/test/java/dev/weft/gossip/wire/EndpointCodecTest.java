package dev.weft.gossip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.SyncReply;
import dev.weft.gossip.table.Version;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndpointCodecTest {
  private static final String NET = "net-a";

  private static EndpointRecord live(String owner, String id, int host) {
    return new EndpointRecord(id, NET, "198.18.0." + host, String.format("02:42:c6:12:00:%02x", host),
        "198.19.0.1", "ctr-" + id, List.of("web", "web.1"), owner, new Version(3, host), false);
  }

  private static final Push PUSH = new Push(NET, List.of(live("node-a", "ep-1", 1),
      EndpointRecord.tombstone("ep-2", NET, "node-a", new Version(3, 7))));
  private static final SyncReply REPLY = new SyncReply(NET, Map.of("node-a", new Version(3, 1)),
      Map.of("node-a", new Version(3, 7), "node-b", new Version(1, 2)),
      List.of(live("node-a", "ep-1", 1), live("node-b", "ep-9", 9)));

  @Test
  void pushRequestAndReplyRoundTrip() throws MalformedPayloadException {
    assertEquals(PUSH, EndpointCodec.decodePush(EndpointCodec.encode(PUSH)));
    SyncRequest request = new SyncRequest(NET, Map.of("node-a", new Version(3, 1), "node-b", new Version(0, 5)));
    assertEquals(request, EndpointCodec.decodeSyncRequest(EndpointCodec.encode(request)));
    assertEquals(REPLY, EndpointCodec.decodeSyncReply(EndpointCodec.encode(REPLY)));
    SyncReply empty = new SyncReply(NET, Map.of(), Map.of(), List.of());
    assertEquals(empty, EndpointCodec.decodeSyncReply(EndpointCodec.encode(empty)));
  }

  @Test
  void everyTruncationIsRefused() {
    for (byte[] payload : List.of(EndpointCodec.encode(PUSH), EndpointCodec.encode(REPLY))) {
      for (int length = 0; length < payload.length; length++) {
        byte[] prefix = Arrays.copyOf(payload, length);
        assertThrows(MalformedPayloadException.class, () -> EndpointCodec.decodePush(prefix));
        assertThrows(MalformedPayloadException.class, () -> EndpointCodec.decodeSyncReply(prefix));
      }
    }
    assertThrows(MalformedPayloadException.class, () -> EndpointCodec.decodePush(null));
  }

  @Test
  void oversizedPayloadsAndCountsAreRefused() {
    byte[] huge = new byte[WireLimits.MAX_PAYLOAD_BYTES + 1];
    huge[0] = (byte) WireLimits.FORMAT;
    huge[1] = (byte) EndpointCodec.KIND_PUSH;
    assertMalformed("more than", () -> EndpointCodec.decodePush(huge));

    byte[] manyRecords = new PayloadWriter().header(EndpointCodec.KIND_PUSH)
        .writeString("networkId", NET, 128).writeCount("records", WireLimits.MAX_RECORDS, WireLimits.MAX_RECORDS)
        .toByteArray();
    assertMalformed("does not fit", () -> EndpointCodec.decodePush(manyRecords));

    byte[] countOverLimit = Arrays.copyOf(manyRecords, manyRecords.length);
    countOverLimit[countOverLimit.length - 4] = 0x7f; // 2^31 - ish records
    assertMalformed("outside", () -> EndpointCodec.decodePush(countOverLimit));

    byte[] longString = EndpointCodec.encode(PUSH);
    longString[3] = (byte) 0xff; // networkId length 0x00ff -> 255 > 128
    assertMalformed("networkId", () -> EndpointCodec.decodePush(longString));

    assertThrows(IllegalArgumentException.class,
        () -> EndpointCodec.encode(new Push("n".repeat(129), List.of())), "the writer enforces the reader's limits");
  }

  @Test
  void unknownFormatOrKindIsRefused() {
    byte[] payload = EndpointCodec.encode(PUSH);
    payload[0] = 2;
    assertMalformed("unknown format 2", () -> EndpointCodec.decodePush(payload));
    byte[] request = EndpointCodec.encode(new SyncRequest(NET, Map.of()));
    assertMalformed("kind 2", () -> EndpointCodec.decodePush(request));
    assertMalformed("kind 1", () -> EndpointCodec.decodeSyncReply(EndpointCodec.encode(PUSH)));
  }

  @Test
  void invalidFieldsAreRefused() {
    assertMalformed("ip", () -> EndpointCodec.decodePush(push("not-an-ip", "02:42:c6:12:00:01", "198.19.0.1", 0)));
    assertMalformed("ip", () -> EndpointCodec.decodePush(push("256.1.1.1", "02:42:c6:12:00:01", "198.19.0.1", 0)));
    assertMalformed("hostDataPathIp",
        () -> EndpointCodec.decodePush(push("198.18.0.1", "02:42:c6:12:00:01", "example.com", 0)));
    assertMalformed("mac", () -> EndpointCodec.decodePush(push("198.18.0.1", "02:42", "198.19.0.1", 0)));
    assertMalformed("flags", () -> EndpointCodec.decodePush(push("198.18.0.1", "02:42:c6:12:00:01", "198.19.0.1", 4)));
    assertMalformed("tombstone",
        () -> EndpointCodec.decodePush(push("198.18.0.1", "02:42:c6:12:00:01", "198.19.0.1", 1)));
  }

  @Test
  void trailingBytesDuplicateOwnersAndNegativeVersionsAreRefused() {
    byte[] payload = EndpointCodec.encode(PUSH);
    byte[] longer = Arrays.copyOf(payload, payload.length + 1);
    assertMalformed("trailing", () -> EndpointCodec.decodePush(longer));

    PayloadWriter twice = new PayloadWriter().header(EndpointCodec.KIND_SYNC_REQUEST)
        .writeString("networkId", NET, 128).writeCount("digest", 2, 10);
    twice.writeString("owner", "node-a", 128).writeLong(1).writeLong(1);
    twice.writeString("owner", "node-a", 128).writeLong(1).writeLong(2);
    assertMalformed("twice", () -> EndpointCodec.decodeSyncRequest(twice.toByteArray()));

    PayloadWriter negative = new PayloadWriter().header(EndpointCodec.KIND_SYNC_REQUEST)
        .writeString("networkId", NET, 128).writeCount("digest", 1, 10);
    negative.writeString("owner", "node-a", 128).writeLong(-1).writeLong(1);
    assertMalformed("negative", () -> EndpointCodec.decodeSyncRequest(negative.toByteArray()));
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] payload = EndpointCodec.encode(PUSH);
    payload[4] = (byte) 0xc3; // "net-a" -> 0xc3 followed by 'e': a broken two-byte sequence
    assertMalformed("UTF-8", () -> EndpointCodec.decodePush(payload));
  }

  /** Random corruption of valid payloads only ever decodes or fails with MalformedPayloadException. */
  @Test
  void corruptedPayloadsNeverThrowAnythingElse() {
    SplittableRandom random = new SplittableRandom(42);
    byte[][] valid = {EndpointCodec.encode(PUSH), EndpointCodec.encode(REPLY)};
    for (int i = 0; i < 20_000; i++) {
      byte[] payload = valid[i % 2].clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
      }
      try {
        EndpointCodec.decodePush(payload);
        EndpointCodec.decodeSyncReply(payload);
      } catch (MalformedPayloadException expected) {
        // dropped, as on the wire
      } catch (RuntimeException e) {
        fail("iteration " + i + " threw " + e, e);
      }
    }
  }

  /** A push of one live-or-not record with the given fields, written without validation. */
  private static byte[] push(String ip, String mac, String vtep, int flags) {
    PayloadWriter w = new PayloadWriter().header(EndpointCodec.KIND_PUSH)
        .writeString("networkId", NET, 128).writeCount("records", 1, 10)
        .writeString("endpointId", "ep-1", 128).writeString("ip", ip, 45).writeString("mac", mac, 45)
        .writeString("hostDataPathIp", vtep, 45).writeString("name", "ctr", 255).writeCount("aliases", 0, 1)
        .writeString("owner", "node-a", 128).writeLong(1).writeLong(1).writeByte(flags);
    return w.toByteArray();
  }

  private interface Decoding {
    void run() throws MalformedPayloadException;
  }

  private static void assertMalformed(String expected, Decoding decoding) {
    MalformedPayloadException e = assertThrows(MalformedPayloadException.class, decoding::run);
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should mention '" + expected + "'");
  }
}
