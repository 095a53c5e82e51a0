/**
 * The routing mesh on one host: published ports, virtual-IP load balancing and the gateway bridge,
 * all in nftables.
 *
 * <p>This package will plan rules from the services and tasks a host must serve (pure), render
 * them as one {@code nft -f} script (pure) and hand that to a single executor. What must hold:
 * planning and rendering read no clock and touch no kernel; port rules such as
 * {@link dev.weft.ingress.PublishedPortRange} are pure checks with the limits written down.
 */
package dev.weft.ingress;
