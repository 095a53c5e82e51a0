/**
 * Embedded DNS for containers on user-defined networks, answering at 127.0.0.11 inside each
 * container as Docker's does.
 *
 * <p>How a query flows: the container's resolv.conf names 127.0.0.11; an nftables rule in the
 * container's namespace rewrites that to the gateway of its first user-defined bridge network
 * (and the source to the container's address there), where {@link dev.weft.agent.dns.EmbeddedDns}
 * listens in the host namespace. The server finds the asking container by its source address,
 * answers the names and aliases of containers that share a user-defined network with it
 * ({@link dev.weft.agent.dns.NameTable}, pure), and forwards anything else to the host's
 * resolvers. What must hold: a lookup never hangs — without an answer from upstream within
 * {@link dev.weft.agent.dns.EmbeddedDns#UPSTREAM_TIMEOUT} the container gets SERVFAIL.
 */
package dev.weft.agent.dns;
