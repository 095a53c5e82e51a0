/**
 * Joining a swarm from the node's side. The manager's root CA is fetched without trusting it,
 * then pinned only if its digest equals the one in the join token; the certificate request and
 * the token are sent over a connection that trusts that CA alone. A token for another swarm, or a
 * manager impersonated on the path, fails here before any secret is sent.
 */
package dev.weft.agent.join;
