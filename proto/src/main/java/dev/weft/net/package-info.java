/**
 * IPv4 addresses and CIDR blocks as plain values, shared by the managers (swarm-scope subnet
 * allocation) and the agents (local IPAM). Parsing is strict — four decimal octets, no zeros in
 * front, never a host name — and every refusal names the bad value.
 */
package dev.weft.net;
