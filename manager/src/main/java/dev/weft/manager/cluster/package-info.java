/**
 * Founding a swarm ({@code swarm init}) and composing a running manager: the Raft member, the
 * mutual-TLS gRPC endpoint with the CA, dispatcher and control services, and the liveness loop.
 */
package dev.weft.manager.cluster;
