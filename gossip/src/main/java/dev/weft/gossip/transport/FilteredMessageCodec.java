package dev.weft.gossip.transport;

import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.MessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * ScaleCube's JDK message codec, made safe for a port that anyone on the network can reach.
 *
 * <p>ScaleCube's own SWIM messages (pings, membership syncs, gossip, metadata requests) are
 * {@code Externalizable} classes, so they still travel as Java serialization; weft's payloads
 * inside them are plain {@code byte[]} ({@link dev.weft.gossip.wire}). Decoding refuses:
 *
 * <ul>
 *   <li>any class outside {@link ScaleCubeAllowList#CLASSES} and any array but {@code byte[]}, by an
 *       {@link ObjectInputFilter}, so no gadget chain can run; dynamic proxies outright;
 *   <li>messages longer than the frame limit, graphs deeper than {@value #MAX_DEPTH} or with more
 *       than {@value #MAX_REFERENCES} references;
 *   <li>a count read by a ScaleCube class that exceeds the message's own length (a 10-byte message
 *       must not make the reader allocate a 2 GB list);
 *   <li>anything ScaleCube's own {@code readExternal} fails on (a failed cast, a missing field);
 *   <li>headers that are not strings, more than {@value #MAX_HEADERS} headers, and a system message
 *       whose data is not the class its qualifier implies (ScaleCube would fail the cast inside a
 *       subscriber and stop listening); any other message may carry only {@code byte[]} or nothing.
 * </ul>
 *
 * <p>ScaleCube logs a refused message at WARN with the transport address and drops it.
 */
public final class FilteredMessageCodec implements MessageCodec {
  static final int MAX_DEPTH = 8;
  static final long MAX_REFERENCES = 200_000;
  static final int MAX_HEADERS = 32;

  private final int maxMessageBytes;

  /** A codec that refuses messages longer than {@code maxMessageBytes}. */
  public FilteredMessageCodec(int maxMessageBytes) {
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1024, not " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public Message deserialize(InputStream stream) throws Exception {
    int length = stream.available();
    if (length > maxMessageBytes) {
      throw new InvalidObjectException("message of " + length + " bytes exceeds " + maxMessageBytes);
    }
    try (GuardedInput in = new GuardedInput(stream, Math.max(length, 0))) {
      Message message = new Message();
      message.readExternal(in);
      requireWellFormed(message);
      return message;
    } catch (RuntimeException e) { // a failed cast or a null inside ScaleCube's readExternal
      InvalidObjectException refused = new InvalidObjectException("malformed message: " + e);
      refused.initCause(e);
      throw refused;
    }
  }

  @Override
  public void serialize(Message message, OutputStream stream) throws Exception {
    try (ObjectOutputStream out = new ObjectOutputStream(stream)) {
      message.writeExternal(out);
      out.flush();
    }
  }

  private static void requireWellFormed(Message message) throws InvalidObjectException {
    Map<?, ?> headers = message.headers();
    if (headers.size() > MAX_HEADERS) {
      throw new InvalidObjectException(headers.size() + " headers");
    }
    for (Object value : headers.values()) {
      if (value != null && !(value instanceof String)) {
        throw new InvalidObjectException("header of type " + value.getClass().getName());
      }
    }
    Object data = message.data();
    String expected = ScaleCubeAllowList.SYSTEM_PAYLOADS.get(message.qualifier());
    if (expected != null) {
      if (data == null || !data.getClass().getName().equals(expected)) {
        throw new InvalidObjectException(message.qualifier() + " carrying "
            + (data == null ? "nothing" : data.getClass().getName()));
      }
    } else if (data != null && !(data instanceof byte[])) {
      throw new InvalidObjectException(message.qualifier() + " carrying " + data.getClass().getName());
    }
  }

  /**
   * The filtered object stream of one message. Knows the message's length, so the filter can
   * bound the bytes read and {@link #readInt()} can bound counts.
   */
  private static final class GuardedInput extends ObjectInputStream {
    private static final StackWalker WALKER =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private final int messageBytes;

    GuardedInput(InputStream in, int messageBytes) throws IOException {
      super(in);
      this.messageBytes = messageBytes;
      setObjectInputFilter(this::check);
    }

    private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
      if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES
          || info.streamBytes() > messageBytes) {
        return ObjectInputFilter.Status.REJECTED;
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      if (type.isArray()) {
        return type == byte[].class && info.arrayLength() <= messageBytes
            ? ObjectInputFilter.Status.ALLOWED
            : ObjectInputFilter.Status.REJECTED;
      }
      return ScaleCubeAllowList.CLASSES.contains(type.getName())
          ? ObjectInputFilter.Status.ALLOWED
          : ObjectInputFilter.Status.REJECTED;
    }

    /**
     * Refuses a count, read by one of {@link ScaleCubeAllowList#COUNT_READERS}, that is negative or
     * larger than the whole message; any other int (an incarnation) passes.
     */
    @Override
    public int readInt() throws IOException {
      int value = super.readInt();
      if ((value < 0 || value > messageBytes)
          && ScaleCubeAllowList.COUNT_READERS.contains(WALKER.getCallerClass().getName())) {
        throw new InvalidObjectException("count " + value + " in a message of " + messageBytes + " bytes");
      }
      return value;
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
      throw new InvalidClassException("dynamic proxies are not accepted");
    }
  }
}
