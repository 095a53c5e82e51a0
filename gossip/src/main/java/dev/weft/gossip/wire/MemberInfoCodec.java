package dev.weft.gossip.wire;

import java.util.Set;
import java.util.TreeSet;

/**
 * The binary form of {@link MemberInfo}, carried as a member's ScaleCube metadata:
 *
 * <pre>
 * format:u8 (= 1) kind:u8 (= 16) nodeId:str incarnation:i64 dataPathIp:str count:i32 networkId:str*
 * </pre>
 *
 * <p>Decoding validates like {@link EndpointCodec}: lengths, ids, the IP literal, duplicate networks
 * and trailing bytes.
 */
public final class MemberInfoCodec {
  static final int KIND_MEMBER = 16;

  private MemberInfoCodec() {}

  public static byte[] encode(MemberInfo info) {
    PayloadWriter w = new PayloadWriter().header(KIND_MEMBER)
        .writeString("nodeId", info.nodeId(), WireLimits.MAX_ID_BYTES)
        .writeLong(info.incarnation())
        .writeString("dataPathIp", info.dataPathIp(), WireLimits.MAX_ADDRESS_BYTES)
        .writeCount("networks", info.networks().size(), WireLimits.MAX_NETWORKS);
    for (String network : info.networks()) {
      w.writeString("network", network, WireLimits.MAX_ID_BYTES);
    }
    return w.toByteArray();
  }

  public static MemberInfo decode(byte[] payload) throws MalformedPayloadException {
    PayloadReader r = PayloadReader.of(payload);
    r.header(KIND_MEMBER);
    String nodeId = r.readId("nodeId");
    long incarnation = r.readLong("incarnation");
    String dataPathIp = r.readString("dataPathIp", WireLimits.MAX_ADDRESS_BYTES);
    int count = r.readCount("networks", WireLimits.MAX_NETWORKS, 3);
    Set<String> networks = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      String network = r.readId("network");
      if (!networks.add(network)) {
        throw new MalformedPayloadException("network " + network + " listed twice");
      }
    }
    r.end();
    try {
      return new MemberInfo(nodeId, incarnation, dataPathIp, networks);
    } catch (IllegalArgumentException e) {
      throw new MalformedPayloadException("invalid member info: " + e.getMessage(), e);
    }
  }
}
