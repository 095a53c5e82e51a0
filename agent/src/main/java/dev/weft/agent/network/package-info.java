/**
 * Local networks: the built-in {@code bridge}, {@code host} and {@code none}, and user-defined
 * bridge, macvlan and ipvlan networks.
 *
 * <p>Flow of {@code network create}: {@link dev.weft.agent.network.NetworkValidator} checks the
 * spec against the existing networks and picks what the user left open (subnet, gateway, MTU)
 * without touching anything; only then does {@link dev.weft.agent.network.NetworkService} ask the
 * kernel for the device ({@link dev.weft.agent.network.LinkPlans} renders the {@code ip} lines),
 * record the network, and re-render the NAT table. If the kernel refuses, whatever was created is
 * removed again, so a refused create leaves nothing behind.
 */
package dev.weft.agent.network;
