package dev.weft.localapi;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The socket's framing: a 4-byte big-endian length, then the encoded message. On channels, not
 * streams, so that one thread may write while another is blocked reading the same socket.
 */
public final class Frames {
  /** The largest call the daemon reads: gRPC's default limit for an inbound message. */
  public static final int MAX_CALL_BYTES = 4 << 20;
  /** The largest reply frame the client reads (a page of logs is far smaller). */
  public static final int MAX_REPLY_BYTES = 64 << 20;

  private Frames() {}

  /** Writes one frame. */
  public static void write(WritableByteChannel out, MessageLite message) throws IOException {
    byte[] body = message.toByteArray();
    ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    while (frame.hasRemaining()) {
      out.write(frame);
    }
  }

  /**
   * Reads one frame, or returns null at a clean end of stream (before the frame's first byte).
   *
   * @throws IOException when the stream ends inside a frame, or the frame is longer than {@code max}
   *     or not a {@code parser} message
   */
  public static <M> M read(ReadableByteChannel in, Parser<M> parser, int max) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(4);
    if (!fill(in, header, true)) {
      return null;
    }
    int length = header.flip().getInt();
    if (length < 0 || length > max) {
      throw new IOException("frame of " + Integer.toUnsignedString(length) + " bytes: the limit is " + max);
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    fill(in, body, false);
    try {
      return parser.parseFrom(body.flip());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("malformed frame: " + e.getMessage(), e);
    }
  }

  /** Reads until {@code buffer} is full; false when the stream ended before its first byte and that may. */
  private static boolean fill(ReadableByteChannel in, ByteBuffer buffer, boolean mayEnd) throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        if (mayEnd && buffer.position() == 0) {
          return false;
        }
        throw new EOFException("connection closed inside a frame");
      }
    }
    return true;
  }
}
