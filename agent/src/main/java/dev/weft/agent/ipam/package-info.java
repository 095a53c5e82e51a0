/**
 * Address management for local networks, as plain values and pure functions.
 *
 * <p>{@link dev.weft.net.Ipv4Subnet} is a CIDR; {@link dev.weft.agent.ipam.SubnetPlan}
 * checks a network's IPAM settings (ip-range and gateway inside the subnet, aux addresses inside
 * and not the gateway) and says which addresses may be handed out;
 * {@link dev.weft.agent.ipam.AddressAllocator} hands them out serially, wrapping around only when
 * the range's end is reached, so a freed address is not given to the next container at once
 * (stale neighbour entries elsewhere, moby#52661). {@link dev.weft.agent.ipam.LocalPools} picks a
 * subnet for a network that names none, from the daemon's pools, never overlapping another.
 * Every refusal is an {@link IllegalArgumentException} whose message names the problem.
 */
package dev.weft.agent.ipam;
