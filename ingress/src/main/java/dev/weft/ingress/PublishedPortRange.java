package dev.weft.ingress;

/**
 * Which ports a service may publish on the routing mesh, and which of them the swarm hands out
 * itself.
 *
 * <p>A published port is a TCP or UDP port, 1–65535. When a service publishes a port without
 * naming one, Docker Swarm picks it from {@value #DYNAMIC_FIRST}–{@value #DYNAMIC_LAST}
 * ({@value #DYNAMIC_SIZE} ports); weft uses the same range so that scripts written for Docker
 * find services where they expect them.
 */
public final class PublishedPortRange {
  /** The lowest port a service may publish. Port 0 is not a port. */
  public static final int MIN_PORT = 1;
  /** The highest port a service may publish (ports are 16 bits). */
  public static final int MAX_PORT = 65535;
  /** First port of the dynamic range, as Docker Swarm's. */
  public static final int DYNAMIC_FIRST = 30000;
  /** Last port of the dynamic range, inclusive, as Docker Swarm's. */
  public static final int DYNAMIC_LAST = 32767;
  /** Ports in the dynamic range: 32767 - 30000 + 1. */
  public static final int DYNAMIC_SIZE = DYNAMIC_LAST - DYNAMIC_FIRST + 1;

  private PublishedPortRange() {}

  /**
   * Returns {@code published} if a service may publish it.
   *
   * @throws IllegalArgumentException naming the range when it is outside 1–65535
   */
  public static int validate(int published) {
    if (published < MIN_PORT || published > MAX_PORT) {
      throw new IllegalArgumentException("published port " + published + " is outside "
          + MIN_PORT + "-" + MAX_PORT);
    }
    return published;
  }

  /** Whether {@code port} lies in the range the swarm assigns from, 30000–32767 inclusive. */
  public static boolean isDynamic(int port) {
    return port >= DYNAMIC_FIRST && port <= DYNAMIC_LAST;
  }
}
