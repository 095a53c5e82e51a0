package dev.weft.gossip.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one payload with the limits {@link PayloadReader} enforces on the other side, so this node
 * never sends what a peer would drop: strings are UTF-8 with a two-byte length, counts are
 * two-byte or four-byte, and the whole payload is at most {@link WireLimits#MAX_PAYLOAD_BYTES}.
 */
final class PayloadWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final DataOutputStream out = new DataOutputStream(bytes);

  PayloadWriter header(int kind) {
    return writeByte(WireLimits.FORMAT).writeByte(kind);
  }

  PayloadWriter writeByte(int value) {
    try {
      out.writeByte(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  PayloadWriter writeLong(long value) {
    try {
      out.writeLong(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A count of what follows; refused above {@code max}, as the reader would. */
  PayloadWriter writeCount(String field, int count, int max) {
    if (count < 0 || count > max) {
      throw new IllegalArgumentException(field + ": " + count + " is more than the " + max + " a peer accepts");
    }
    try {
      out.writeInt(count);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A UTF-8 string of at most {@code maxBytes} bytes. */
  PayloadWriter writeString(String field, String value, int maxBytes) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > maxBytes) {
      throw new IllegalArgumentException(field + " is " + utf8.length + " bytes, more than " + maxBytes);
    }
    try {
      out.writeShort(utf8.length);
      out.write(utf8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * The payload.
   *
   * @throws IllegalArgumentException if it is longer than {@link WireLimits#MAX_PAYLOAD_BYTES}
   */
  byte[] toByteArray() {
    if (bytes.size() > WireLimits.MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload of " + bytes.size() + " bytes is more than "
          + WireLimits.MAX_PAYLOAD_BYTES);
    }
    return bytes.toByteArray();
  }
}
