package dev.weft.gossip.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalecube.cluster.transport.api.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class FilteredMessageCodecTest {
  private static final int MAX = 64 << 10;
  private final FilteredMessageCodec codec = new FilteredMessageCodec(MAX);

  @Test
  void weftMessagesRoundTrip() throws Exception {
    byte[] payload = {1, 2, 3};
    Message message = Message.withData(payload).qualifier("weft/endpoints/push").correlationId("c-1")
        .sender("127.0.0.1:7946").build();
    Message decoded = decode(encode(message));
    assertArrayEquals(payload, decoded.<byte[]>data());
    assertEquals(message.headers(), decoded.headers());
    assertNull(decode(encode(Message.fromQualifier("weft/x"))).data());
  }

  @Test
  void classesOutsideTheAllowListAreNeverInstantiated() {
    assertThrows(InvalidClassException.class,
        () -> decode(encode(Message.withData(new Date()).qualifier("weft/x").build())));
    HashMap<String, String> gadgetCarrier = new HashMap<>();
    gadgetCarrier.put("k", "v");
    assertThrows(InvalidClassException.class,
        () -> decode(encode(Message.withData(gadgetCarrier).qualifier("weft/x").build())));
  }

  @Test
  void malformedEnvelopesAreRefused() throws Exception {
    // Message.writeExternal's layout, by hand: one header whose value is not a string, no data
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeInt(1);
      out.writeUTF("q");
      out.writeObject(new byte[] {1});
      out.writeObject(null);
    }
    assertThrows(InvalidObjectException.class, () -> decode(bytes.toByteArray()));

    InvalidObjectException e = assertThrows(InvalidObjectException.class,
        () -> decode(encode(Message.withData(new byte[] {1}).qualifier("sc/fdetector/ping").build())));
    assertTrue(e.getMessage().contains("sc/fdetector/ping"), e.getMessage());

    e = assertThrows(InvalidObjectException.class,
        () -> decode(encode(Message.withData("text").qualifier("weft/x").build())));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }

  /** A few bytes claiming two billion headers must fail at once, not allocate a 16 GB table. */
  @Test
  void countsLargerThanTheMessageAreRefused() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeInt(Integer.MAX_VALUE);
    }
    InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> decode(bytes.toByteArray()));
    assertTrue(e.getMessage().contains("count"), e.getMessage());
  }

  @Test
  void oversizedMessagesAreRefused() {
    assertThrows(InvalidObjectException.class, () -> decode(new byte[MAX + 1]));
    assertThrows(IllegalArgumentException.class, () -> new FilteredMessageCodec(10));
  }

  @Test
  void metadataPassesThroughAsBytes() {
    ByteArrayMetadataCodec metadata = new ByteArrayMetadataCodec();
    byte[] bytes = {9, 8, 7};
    ByteBuffer buffer = metadata.serialize(bytes);
    assertArrayEquals(bytes, buffer.array(), "ScaleCube sends the backing array whole");
    assertArrayEquals(bytes, (byte[]) metadata.deserialize(buffer));
    assertThrows(IllegalArgumentException.class, () -> metadata.serialize("not bytes"));
  }

  private byte[] encode(Message message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.serialize(message, out);
    return out.toByteArray();
  }

  private Message decode(byte[] bytes) throws Exception {
    return codec.deserialize(new ByteArrayInputStream(bytes));
  }
}
