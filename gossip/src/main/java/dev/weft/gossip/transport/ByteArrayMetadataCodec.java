package dev.weft.gossip.transport;

import io.scalecube.cluster.metadata.MetadataCodec;
import java.nio.ByteBuffer;

/**
 * Passes a member's metadata through as the bytes weft encoded itself
 * ({@link dev.weft.gossip.wire.MemberInfoCodec}), so ScaleCube never serializes or deserializes an
 * object for it. The metadata object given to ScaleCube is a {@code byte[]}.
 */
public final class ByteArrayMetadataCodec implements MetadataCodec {

  @Override
  public Object deserialize(ByteBuffer buffer) {
    ByteBuffer copy = buffer.slice();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** Wraps a copy: ScaleCube sends the buffer's backing array whole, so it must be exact. */
  @Override
  public ByteBuffer serialize(Object metadata) {
    if (!(metadata instanceof byte[] bytes)) {
      throw new IllegalArgumentException("metadata must be byte[], not "
          + (metadata == null ? "null" : metadata.getClass().getName()));
    }
    return ByteBuffer.wrap(bytes.clone());
  }
}
