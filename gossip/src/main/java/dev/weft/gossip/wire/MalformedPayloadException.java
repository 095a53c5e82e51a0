package dev.weft.gossip.wire;

/**
 * A payload from the network that does not decode: truncated, too long, of an unknown format or
 * kind, or with a field that fails validation. The receiver drops the message and logs this
 * message with the sender; it never reaches a table.
 */
public final class MalformedPayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String message) {
    super(message);
  }

  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
