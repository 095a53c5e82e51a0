package dev.weft.gossip.wire;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.gossip.table.SyncReply;
import dev.weft.gossip.table.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of weft's own gossip payloads: {@link Push}, {@link SyncRequest} and
 * {@link SyncReply}. Pure functions; no Java serialization.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * payload  = format:u8 (= 1) kind:u8 body
 * push     (kind 1) = networkId:str count:i32 record*
 * request  (kind 2) = networkId:str digest
 * reply    (kind 3) = networkId:str requestDigest:digest digest:digest count:i32 record*
 * digest   = count:i32 (owner:str incarnation:i64 counter:i64)*
 * record   = endpointId:str ip:str mac:str hostDataPathIp:str name:str
 *            aliasCount:i32 alias:str* owner:str incarnation:i64 counter:i64 flags:u8 (bit 0: deleted)
 * str      = length:u16 UTF-8 bytes
 * </pre>
 *
 * <p>A record's network is the message's. Decoding checks every length against {@link WireLimits}
 * and the bytes left, refuses unknown formats, kinds and flag bits, duplicate digest owners and
 * trailing bytes, and builds every record through {@link EndpointRecord}'s validation (addresses,
 * MAC, ids); any failure is a {@link MalformedPayloadException}, never another exception.
 */
public final class EndpointCodec {
  static final int KIND_PUSH = 1;
  static final int KIND_SYNC_REQUEST = 2;
  static final int KIND_SYNC_REPLY = 3;
  /** The smallest record on the wire: a tombstone with a one-byte endpoint id and owner. */
  private static final int MIN_RECORD_BYTES = 3 + 2 + 2 + 2 + 2 + 4 + 3 + 16 + 1;
  private static final int MIN_DIGEST_ENTRY_BYTES = 3 + 16;
  private static final int FLAG_DELETED = 1;

  private EndpointCodec() {}

  public static byte[] encode(Push push) {
    PayloadWriter w = new PayloadWriter().header(KIND_PUSH);
    w.writeString("networkId", push.networkId(), WireLimits.MAX_ID_BYTES);
    writeRecords(w, push.records());
    return w.toByteArray();
  }

  public static Push decodePush(byte[] payload) throws MalformedPayloadException {
    PayloadReader r = PayloadReader.of(payload);
    r.header(KIND_PUSH);
    String networkId = r.readId("networkId");
    List<EndpointRecord> records = readRecords(r, networkId);
    r.end();
    return new Push(networkId, records);
  }

  public static byte[] encode(SyncRequest request) {
    PayloadWriter w = new PayloadWriter().header(KIND_SYNC_REQUEST);
    w.writeString("networkId", request.networkId(), WireLimits.MAX_ID_BYTES);
    writeDigest(w, request.digest());
    return w.toByteArray();
  }

  public static SyncRequest decodeSyncRequest(byte[] payload) throws MalformedPayloadException {
    PayloadReader r = PayloadReader.of(payload);
    r.header(KIND_SYNC_REQUEST);
    String networkId = r.readId("networkId");
    Map<String, Version> digest = readDigest(r, "digest");
    r.end();
    return new SyncRequest(networkId, digest);
  }

  public static byte[] encode(SyncReply reply) {
    PayloadWriter w = new PayloadWriter().header(KIND_SYNC_REPLY);
    w.writeString("networkId", reply.networkId(), WireLimits.MAX_ID_BYTES);
    writeDigest(w, reply.requestDigest());
    writeDigest(w, reply.digest());
    writeRecords(w, reply.records());
    return w.toByteArray();
  }

  public static SyncReply decodeSyncReply(byte[] payload) throws MalformedPayloadException {
    PayloadReader r = PayloadReader.of(payload);
    r.header(KIND_SYNC_REPLY);
    String networkId = r.readId("networkId");
    Map<String, Version> requestDigest = readDigest(r, "requestDigest");
    Map<String, Version> digest = readDigest(r, "digest");
    List<EndpointRecord> records = readRecords(r, networkId);
    r.end();
    return new SyncReply(networkId, requestDigest, digest, records);
  }

  private static void writeRecords(PayloadWriter w, List<EndpointRecord> records) {
    w.writeCount("records", records.size(), WireLimits.MAX_RECORDS);
    for (EndpointRecord rec : records) {
      w.writeString("endpointId", rec.endpointId(), WireLimits.MAX_ID_BYTES)
          .writeString("ip", rec.ip(), WireLimits.MAX_ADDRESS_BYTES)
          .writeString("mac", rec.mac(), WireLimits.MAX_ADDRESS_BYTES)
          .writeString("hostDataPathIp", rec.hostDataPathIp(), WireLimits.MAX_ADDRESS_BYTES)
          .writeString("name", rec.name(), WireLimits.MAX_NAME_BYTES)
          .writeCount("aliases", rec.aliases().size(), WireLimits.MAX_ALIASES);
      for (String alias : rec.aliases()) {
        w.writeString("alias", alias, WireLimits.MAX_NAME_BYTES);
      }
      w.writeString("owner", rec.owner(), WireLimits.MAX_ID_BYTES)
          .writeLong(rec.version().incarnation())
          .writeLong(rec.version().counter())
          .writeByte(rec.deleted() ? FLAG_DELETED : 0);
    }
  }

  private static List<EndpointRecord> readRecords(PayloadReader r, String networkId)
      throws MalformedPayloadException {
    int count = r.readCount("records", WireLimits.MAX_RECORDS, MIN_RECORD_BYTES);
    List<EndpointRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String endpointId = r.readString("endpointId", WireLimits.MAX_ID_BYTES);
      String ip = r.readString("ip", WireLimits.MAX_ADDRESS_BYTES);
      String mac = r.readString("mac", WireLimits.MAX_ADDRESS_BYTES);
      String vtep = r.readString("hostDataPathIp", WireLimits.MAX_ADDRESS_BYTES);
      String name = r.readString("name", WireLimits.MAX_NAME_BYTES);
      int aliasCount = r.readCount("aliases", WireLimits.MAX_ALIASES, 2);
      List<String> aliases = new ArrayList<>(aliasCount);
      for (int a = 0; a < aliasCount; a++) {
        aliases.add(r.readString("alias", WireLimits.MAX_NAME_BYTES));
      }
      String owner = r.readString("owner", WireLimits.MAX_ID_BYTES);
      Version version = readVersion(r, "version of " + endpointId);
      int flags = r.readUnsignedByte("flags");
      if ((flags & ~FLAG_DELETED) != 0) {
        throw new MalformedPayloadException("unknown flags " + flags + " on record " + endpointId);
      }
      try {
        records.add(new EndpointRecord(endpointId, networkId, ip, mac, vtep, name, aliases, owner,
            version, (flags & FLAG_DELETED) != 0));
      } catch (IllegalArgumentException e) {
        throw new MalformedPayloadException("invalid record: " + e.getMessage(), e);
      }
    }
    return records;
  }

  private static void writeDigest(PayloadWriter w, Map<String, Version> digest) {
    w.writeCount("digest", digest.size(), WireLimits.MAX_OWNERS);
    for (Map.Entry<String, Version> e : digest.entrySet()) {
      w.writeString("owner", e.getKey(), WireLimits.MAX_ID_BYTES)
          .writeLong(e.getValue().incarnation())
          .writeLong(e.getValue().counter());
    }
  }

  private static Map<String, Version> readDigest(PayloadReader r, String field)
      throws MalformedPayloadException {
    int count = r.readCount(field, WireLimits.MAX_OWNERS, MIN_DIGEST_ENTRY_BYTES);
    Map<String, Version> digest = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String owner = r.readId(field + " owner");
      if (digest.put(owner, readVersion(r, field + " of " + owner)) != null) {
        throw new MalformedPayloadException(field + " names owner " + owner + " twice");
      }
    }
    return digest;
  }

  private static Version readVersion(PayloadReader r, String field) throws MalformedPayloadException {
    long incarnation = r.readLong(field);
    long counter = r.readLong(field);
    if (incarnation < 0 || counter < 0) {
      throw new MalformedPayloadException(field + " is negative: " + incarnation + "." + counter);
    }
    return new Version(incarnation, counter);
  }
}
