package dev.weft.gossip.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberInfoCodecTest {
  private static final MemberInfo INFO = new MemberInfo("node-a", 7, 3, "198.19.0.1", Set.of("net-b", "net-a"));

  @Test
  void roundTripsWithNetworksSorted() throws MalformedPayloadException {
    MemberInfo decoded = MemberInfoCodec.decode(MemberInfoCodec.encode(INFO));
    assertEquals(INFO, decoded);
    assertEquals(List.of("net-a", "net-b"), List.copyOf(decoded.networks()));
    MemberInfo none = new MemberInfo("node-a", 0, 0, "fd00::1", Set.of());
    assertEquals(none, MemberInfoCodec.decode(MemberInfoCodec.encode(none)));
  }

  @Test
  void malformedMetadataIsRefused() {
    byte[] payload = MemberInfoCodec.encode(INFO);
    for (int length = 0; length < payload.length; length++) {
      byte[] prefix = Arrays.copyOf(payload, length);
      assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decode(prefix));
    }
    byte[] wrongFormat = payload.clone();
    wrongFormat[0] = 9;
    assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decode(wrongFormat));
    assertThrows(MalformedPayloadException.class,
        () -> MemberInfoCodec.decode(EndpointCodec.encode(new Push("net-a", List.of()))));
    assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decode(Arrays.copyOf(payload, payload.length + 2)));
  }

  @Test
  void invalidAddressesAndDuplicateNetworksAreRefused() {
    MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
        () -> MemberInfoCodec.decode(raw("node-a", "host.example", "net-a")));
    assertTrue(e.getMessage().contains("dataPathIp"), e.getMessage());
    e = assertThrows(MalformedPayloadException.class,
        () -> MemberInfoCodec.decode(raw("node-a", "198.19.0.1", "net-a", "net-a")));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decode(raw("node a", "198.19.0.1")));
    assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decode(raw("node-a", "198.19.0.1", " ")));
  }

  @Test
  void aHelloRoundTripsAndItsFieldsAreChecked() throws MalformedPayloadException {
    Hello hello = new Hello("node-a/7/1", "198.19.0.1:7946", INFO, true);
    assertEquals(hello, MemberInfoCodec.decodeHello(MemberInfoCodec.encode(hello)));
    Hello answer = new Hello("node-a/7/1", "[fd00::1]:7946", INFO, false);
    assertEquals(answer, MemberInfoCodec.decodeHello(MemberInfoCodec.encode(answer)));

    byte[] payload = MemberInfoCodec.encode(hello);
    for (int n = 0; n < payload.length; n++) {
      byte[] prefix = Arrays.copyOf(payload, n);
      assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decodeHello(prefix));
    }
    assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decode(payload), "a hello is not metadata");
    PayloadWriter w = new PayloadWriter().header(MemberInfoCodec.KIND_HELLO)
        .writeString("memberId", "node-a/7/1", 128).writeString("address", "no port", 53).writeByte(0);
    byte[] badAddress = Arrays.copyOf(w.toByteArray(), w.toByteArray().length);
    MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
        () -> MemberInfoCodec.decodeHello(concat(badAddress, infoBytes())));
    assertTrue(e.getMessage().contains("address"), e.getMessage());
    byte[] flagged = MemberInfoCodec.encode(hello);
    int flagsAt = 2 + 2 + "node-a/7/1".length() + 2 + "198.19.0.1:7946".length();
    flagged[flagsAt] = 4;
    e = assertThrows(MalformedPayloadException.class, () -> MemberInfoCodec.decodeHello(flagged));
    assertTrue(e.getMessage().contains("flags"), e.getMessage());
  }

  /** INFO's bytes as they follow the header of a member payload. */
  private static byte[] infoBytes() {
    byte[] member = MemberInfoCodec.encode(INFO);
    return Arrays.copyOfRange(member, 2, member.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] raw(String nodeId, String dataPathIp, String... networks) {
    PayloadWriter w = new PayloadWriter().header(MemberInfoCodec.KIND_MEMBER)
        .writeString("nodeId", nodeId, 128).writeLong(1).writeLong(1).writeString("dataPathIp", dataPathIp, 45)
        .writeCount("networks", networks.length, 10);
    for (String n : networks) {
      w.writeString("network", n, 128);
    }
    return w.toByteArray();
  }
}
