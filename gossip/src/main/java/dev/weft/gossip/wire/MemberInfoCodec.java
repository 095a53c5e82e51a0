package dev.weft.gossip.wire;

import java.util.Set;
import java.util.TreeSet;

/**
 * The binary forms of {@link MemberInfo}, carried as a member's ScaleCube metadata, and of
 * {@link Hello}:
 *
 * <pre>
 * member = format:u8 (= 1) kind:u8 (= 16) info
 * hello  = format:u8 (= 1) kind:u8 (= 17) memberId:str address:str flags:u8 (bit 0: reply wanted) info
 * info   = nodeId:str incarnation:i64 seq:i64 dataPathIp:str count:i32 networkId:str*
 * </pre>
 *
 * <p>Decoding validates like {@link EndpointCodec}: lengths, ids, the IP literal, duplicate networks
 * and trailing bytes.
 */
public final class MemberInfoCodec {
  static final int KIND_MEMBER = 16;
  static final int KIND_HELLO = 17;
  private static final int FLAG_REPLY_WANTED = 1;
  /** host:port of an IPv6 literal with brackets, at most. */
  private static final int MAX_MEMBER_ADDRESS_BYTES = WireLimits.MAX_ADDRESS_BYTES + 8;

  private MemberInfoCodec() {}

  public static byte[] encode(MemberInfo info) {
    PayloadWriter w = new PayloadWriter().header(KIND_MEMBER);
    writeInfo(w, info);
    return w.toByteArray();
  }

  public static MemberInfo decode(byte[] payload) throws MalformedPayloadException {
    PayloadReader r = PayloadReader.of(payload);
    r.header(KIND_MEMBER);
    MemberInfo info = readInfo(r);
    r.end();
    return info;
  }

  public static byte[] encode(Hello hello) {
    PayloadWriter w = new PayloadWriter().header(KIND_HELLO)
        .writeString("memberId", hello.memberId(), WireLimits.MAX_ID_BYTES)
        .writeString("address", hello.address(), MAX_MEMBER_ADDRESS_BYTES)
        .writeByte(hello.replyWanted() ? FLAG_REPLY_WANTED : 0);
    writeInfo(w, hello.info());
    return w.toByteArray();
  }

  public static Hello decodeHello(byte[] payload) throws MalformedPayloadException {
    PayloadReader r = PayloadReader.of(payload);
    r.header(KIND_HELLO);
    String memberId = r.readId("memberId");
    String address = r.readString("address", MAX_MEMBER_ADDRESS_BYTES);
    int flags = r.readUnsignedByte("flags");
    if ((flags & ~FLAG_REPLY_WANTED) != 0) {
      throw new MalformedPayloadException("unknown hello flags " + flags);
    }
    MemberInfo info = readInfo(r);
    r.end();
    try {
      return new Hello(memberId, address, info, flags == FLAG_REPLY_WANTED);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("invalid hello: " + e.getMessage(), e);
    }
  }

  private static void writeInfo(PayloadWriter w, MemberInfo info) {
    w.writeString("nodeId", info.nodeId(), WireLimits.MAX_ID_BYTES)
        .writeLong(info.incarnation())
        .writeLong(info.seq())
        .writeString("dataPathIp", info.dataPathIp(), WireLimits.MAX_ADDRESS_BYTES)
        .writeCount("networks", info.networks().size(), WireLimits.MAX_NETWORKS);
    for (String network : info.networks()) {
      w.writeString("network", network, WireLimits.MAX_ID_BYTES);
    }
  }

  private static MemberInfo readInfo(PayloadReader r) throws MalformedPayloadException {
    String nodeId = r.readId("nodeId");
    long incarnation = r.readLong("incarnation");
    long seq = r.readLong("seq");
    String dataPathIp = r.readString("dataPathIp", WireLimits.MAX_ADDRESS_BYTES);
    int count = r.readCount("networks", WireLimits.MAX_NETWORKS, 3);
    Set<String> networks = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      String network = r.readId("network");
      if (!networks.add(network)) {
        throw new MalformedPayloadException("network " + network + " listed twice");
      }
    }
    try {
      return new MemberInfo(nodeId, incarnation, seq, dataPathIp, networks);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("invalid member info: " + e.getMessage(), e);
    }
  }
}
