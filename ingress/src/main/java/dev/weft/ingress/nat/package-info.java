/**
 * The daemon's own nftables table for local networks, rendered as one {@code nft -f} script that
 * replaces the table atomically ({@code table; delete table; table { … }}): masquerade for bridge
 * networks that may reach the outside, isolation between bridges, no way out of {@code --internal}
 * networks, and DNAT for published ports (from the host's addresses and from 127.0.0.1).
 *
 * <p>Pure: {@link dev.weft.ingress.nat.HostNatRenderer#render} sorts its input, so the same
 * networks and ports always give the same script (golden tests in src/test/resources).
 */
package dev.weft.ingress.nat;
