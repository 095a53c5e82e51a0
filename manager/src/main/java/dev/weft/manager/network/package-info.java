/**
 * Swarm-scope (overlay) networks in the managers: {@link dev.weft.manager.network.NetworkAllocator}
 * checks a spec and chooses, before the Raft commit, what the user left open — subnets from the
 * swarm's default address pools and a VXLAN id from 4096 up — against the store's current state.
 * Pure: the store re-checks the choice at apply time and refuses it if another network took the
 * name, a subnet or the VNI in the meantime, so nothing is ever handed out twice.
 */
package dev.weft.manager.network;
