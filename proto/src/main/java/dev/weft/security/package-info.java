/**
 * How nodes prove who they are to each other: PEM encoding of keys and certificates, the identity
 * a certificate carries (node id, role, cluster), and gRPC channel and server credentials for
 * mutual TLS.
 *
 * <p>Every node certificate is issued by the swarm's root CA with subject
 * {@code CN=<node id>, OU=<role>, O=<cluster id>}. Manager certificates also carry the DNS name
 * {@value dev.weft.security.NodeIdentity#MANAGER_SERVER_NAME}, and clients check a manager's
 * certificate against that name (not the address they dialled), so addresses may change without
 * re-issuing certificates. A certificate without the manager name cannot serve the manager API.
 *
 * <p>This lives beside the generated API because it is part of the wire contract: a node that
 * speaks the API must present and check credentials exactly this way.
 */
package dev.weft.security;
