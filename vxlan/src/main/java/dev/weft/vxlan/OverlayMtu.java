package dev.weft.vxlan;

import java.util.OptionalInt;

/**
 * The MTU of an overlay network's interfaces: what is left of the underlay's MTU once VXLAN
 * encapsulation has been added.
 *
 * <p>Every overlay frame leaves the host wrapped in an outer IP header, a UDP header (8 bytes) and
 * a VXLAN header (8 bytes), and carries its own Ethernet header (14 bytes) inside; the overlay MTU
 * counts none of these. So the overhead is 20 + 8 + 8 + 14 = {@value #IPV4_OVERHEAD} bytes over
 * an IPv4 underlay and 40 + 8 + 8 + 14 = {@value #IPV6_OVERHEAD} over IPv6: on a 1500-byte
 * Ethernet underlay the overlay gets 1450 (Docker's default for overlay networks) or 1430.
 */
public final class OverlayMtu {
  /** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14). */
  public static final int IPV4_OVERHEAD = 50;
  /** Outer IPv6 (40) + UDP (8) + VXLAN (8) + inner Ethernet (14). */
  public static final int IPV6_OVERHEAD = 70;
  /** The smallest MTU an IPv4 link may have (RFC 791). */
  public static final int MIN_MTU = 68;
  /** The largest IP packet (the IPv4 total-length field is 16 bits). */
  public static final int MAX_MTU = 65535;

  private OverlayMtu() {}

  /**
   * The overlay MTU for an underlay link: {@code underlayMtu - 50} over IPv4,
   * {@code underlayMtu - 70} over IPv6.
   *
   * @throws IllegalArgumentException if the underlay MTU is above {@value #MAX_MTU} or leaves less
   *     than {@value #MIN_MTU} bytes for the overlay
   */
  public static int forUnderlay(int underlayMtu, boolean ipv6Underlay) {
    int overhead = ipv6Underlay ? IPV6_OVERHEAD : IPV4_OVERHEAD;
    if (underlayMtu > MAX_MTU) {
      throw new IllegalArgumentException(
          "underlay MTU " + underlayMtu + " is above the maximum of " + MAX_MTU);
    }
    if (underlayMtu - overhead < MIN_MTU) {
      throw new IllegalArgumentException("underlay MTU " + underlayMtu + " is too small for VXLAN over "
          + (ipv6Underlay ? "IPv6" : "IPv4") + ": it must be at least " + (MIN_MTU + overhead));
    }
    return underlayMtu - overhead;
  }

  /**
   * The MTU to give an overlay network: the user's value when there is one, otherwise
   * {@link #forUnderlay(int, boolean)}.
   *
   * <p>A user value between {@code forUnderlay(...)} and the underlay MTU is accepted as the
   * user's choice, although the largest overlay packets then no longer fit the underlay once
   * encapsulated; one above the underlay MTU, or below {@value #MIN_MTU}, is refused.
   *
   * @throws IllegalArgumentException naming the bound a user value breaks, or as
   *     {@link #forUnderlay(int, boolean)}
   */
  public static int effective(OptionalInt userMtu, int underlayMtu, boolean ipv6Underlay) {
    int derived = forUnderlay(underlayMtu, ipv6Underlay);
    if (userMtu.isEmpty()) {
      return derived;
    }
    int mtu = userMtu.getAsInt();
    if (mtu < MIN_MTU) {
      throw new IllegalArgumentException("overlay MTU " + mtu + " is below the minimum of " + MIN_MTU);
    }
    if (mtu > underlayMtu) {
      throw new IllegalArgumentException(
          "overlay MTU " + mtu + " is above the underlay MTU of " + underlayMtu);
    }
    return mtu;
  }
}
