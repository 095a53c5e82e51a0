package dev.weft.gossip.wire;

/**
 * The format byte and the limits both sides of the wire enforce. A payload over a limit is never
 * sent ({@link PayloadWriter}) and is dropped on receipt ({@link PayloadReader}).
 *
 * <p>Sizing: an endpoint record is about 100–300 bytes, so {@link #MAX_RECORDS} records fit well
 * inside {@link #MAX_PAYLOAD_BYTES}; a network with more endpoints than that cannot be answered in
 * one anti-entropy reply (the reply is then not sent, and a WARN says so).
 */
public final class WireLimits {
  /** Format of every payload this version writes; the first byte of each. */
  public static final int FORMAT = 1;
  /** Largest payload accepted or sent: 4 MiB. */
  public static final int MAX_PAYLOAD_BYTES = 4 << 20;
  /** Longest id (node, network, endpoint), in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 128;
  /** Longest name or alias, in UTF-8 bytes (a DNS name is at most 253). */
  public static final int MAX_NAME_BYTES = 255;
  /** Longest IP literal or MAC, in bytes. */
  public static final int MAX_ADDRESS_BYTES = 45;
  /** Most aliases per endpoint. */
  public static final int MAX_ALIASES = 64;
  /** Most records in one push or reply. */
  public static final int MAX_RECORDS = 32_768;
  /** Most owners in one digest. */
  public static final int MAX_OWNERS = 16_384;
  /** Most networks one member may announce. */
  public static final int MAX_NETWORKS = 4_096;

  private WireLimits() {}

  /** The id rule of {@link dev.weft.gossip.table.EndpointRecord}: non-blank, no whitespace. */
  static boolean isId(String value) {
    return value != null && !value.isBlank() && value.chars().noneMatch(Character::isWhitespace);
  }
}
