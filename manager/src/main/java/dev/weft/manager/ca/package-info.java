/**
 * The swarm's certificate authority and join tokens.
 *
 * <p>{@code swarm init} makes a root CA (ECDSA P-256, self-signed) and the first manager's
 * certificate. A joining node sends a certificate signing request with its join token; the CA
 * checks the token against the store, picks the node id, and signs a certificate whose subject
 * says {@code CN=<node id>, OU=<role from the token>, O=<cluster id>}. The root key is replicated
 * through Raft so that whichever manager leads can sign.
 */
package dev.weft.manager.ca;
