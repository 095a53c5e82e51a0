package dev.weft.manager.raft;

/**
 * A write could not be committed, or a read could not be confirmed current: this manager cannot
 * reach a Raft leader with a quorum.
 */
public final class NoQuorumException extends RuntimeException {
  public NoQuorumException(String message, Throwable cause) {
    super(message, cause);
  }
}
