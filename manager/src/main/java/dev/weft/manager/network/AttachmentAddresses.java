package dev.weft.manager.network;

import dev.weft.manager.store.StoreState;
import dev.weft.net.AddressAllocator;
import dev.weft.net.Ipv4;
import dev.weft.net.SubnetPlan;
import dev.weft.proto.Network;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses the address of a new attachment on a swarm network: the requested one when it is a free
 * host address of the subnet, otherwise the next free one after the network's last (serial, as
 * Docker's IPAM, so a just-freed address is not handed out again while peers may still cache it).
 * Pure: the store checks the choice again when it applies it.
 */
public final class AttachmentAddresses {
  private AttachmentAddresses() {}

  /** The address with the subnet's prefix, e.g. {@code 198.18.128.5/24}. */
  public static String choose(Network network, StoreState state, String requested) {
    return choose(network, state, requested, Set.of());
  }

  /**
   * As {@link #choose(Network, StoreState, String)}, also avoiding {@code knownTaken}: addresses
   * the store refused although this manager's state showed them free (it lags the leader).
   */
  public static String choose(Network network, StoreState state, String requested, Set<Long> knownTaken) {
    SubnetPlan plan = SubnetPlan.of(network.getAllocated(0));
    Set<Long> used = new HashSet<>(knownTaken);
    state.addressesOn(network.getId()).keySet().forEach(ip -> used.add(Ipv4.parse(ip)));
    long address;
    if (requested != null && !requested.isBlank()) {
      try {
        address = Ipv4.parse(requested);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid --ip '" + requested + "': expected an IPv4 address");
      }
      plan.checkStatic(address);
      if (used.contains(address)) {
        throw new IllegalArgumentException("Address already in use: " + requested + " on network "
            + network.getSpec().getName());
      }
    } else {
      String last = network.getLastAllocated();
      address = AddressAllocator.next(plan, last.isEmpty() ? -1 : Ipv4.parse(last), used);
    }
    return Ipv4.format(address) + "/" + plan.subnet().prefix();
  }
}
