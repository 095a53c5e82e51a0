package dev.weft.gossip.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one payload from the network, checking every length against both its limit and the bytes
 * actually left, so no field can make the reader allocate more than the payload's own size. Every
 * failure is a {@link MalformedPayloadException} naming the field.
 */
final class PayloadReader {
  private final ByteBuffer in;

  private PayloadReader(ByteBuffer in) {
    this.in = in;
  }

  /** A reader over {@code payload}, refused outright above {@link WireLimits#MAX_PAYLOAD_BYTES}. */
  static PayloadReader of(byte[] payload) throws MalformedPayloadException {
    if (payload == null) {
      throw new MalformedPayloadException("no payload");
    }
    if (payload.length > WireLimits.MAX_PAYLOAD_BYTES) {
      throw new MalformedPayloadException("payload of " + payload.length + " bytes is more than "
          + WireLimits.MAX_PAYLOAD_BYTES);
    }
    return new PayloadReader(ByteBuffer.wrap(payload));
  }

  /** Reads the format and kind bytes and checks them against {@code expectedKind}. */
  void header(int expectedKind) throws MalformedPayloadException {
    int format = readUnsignedByte("format");
    if (format != WireLimits.FORMAT) {
      throw new MalformedPayloadException("unknown format " + format + " (expected " + WireLimits.FORMAT + ")");
    }
    int kind = readUnsignedByte("kind");
    if (kind != expectedKind) {
      throw new MalformedPayloadException("kind " + kind + " where " + expectedKind + " was expected");
    }
  }

  int readUnsignedByte(String field) throws MalformedPayloadException {
    need(field, 1);
    return in.get() & 0xff;
  }

  long readLong(String field) throws MalformedPayloadException {
    need(field, Long.BYTES);
    return in.getLong();
  }

  /**
   * A count of items of at least {@code minItemBytes} bytes each: refused if negative, above
   * {@code max}, or more than the bytes left could hold.
   */
  int readCount(String field, int max, int minItemBytes) throws MalformedPayloadException {
    need(field, Integer.BYTES);
    int count = in.getInt();
    if (count < 0 || count > max) {
      throw new MalformedPayloadException(field + " count " + count + " outside 0.." + max);
    }
    if ((long) count * minItemBytes > in.remaining()) {
      throw new MalformedPayloadException(field + " count " + count + " does not fit in the "
          + in.remaining() + " bytes left");
    }
    return count;
  }

  /** A UTF-8 string of at most {@code maxBytes} bytes; malformed UTF-8 is refused. */
  String readString(String field, int maxBytes) throws MalformedPayloadException {
    need(field, Short.BYTES);
    int length = in.getShort() & 0xffff;
    if (length > maxBytes) {
      throw new MalformedPayloadException(field + " is " + length + " bytes, more than " + maxBytes);
    }
    need(field, length);
    ByteBuffer utf8 = in.slice(in.position(), length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(utf8)
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedPayloadException(field + " is not valid UTF-8", e);
    }
  }

  /** An id: non-blank, no whitespace, at most {@link WireLimits#MAX_ID_BYTES}. */
  String readId(String field) throws MalformedPayloadException {
    String id = readString(field, WireLimits.MAX_ID_BYTES);
    if (!WireLimits.isId(id)) {
      throw new MalformedPayloadException(field + " '" + id + "' is not an id");
    }
    return id;
  }

  /** Refuses trailing bytes: a payload is exactly one message. */
  void end() throws MalformedPayloadException {
    if (in.hasRemaining()) {
      throw new MalformedPayloadException(in.remaining() + " trailing bytes");
    }
  }

  private void need(String field, int bytes) throws MalformedPayloadException {
    if (in.remaining() < bytes) {
      throw new MalformedPayloadException("truncated in " + field + ": " + bytes + " bytes needed, "
          + in.remaining() + " left");
    }
  }
}
