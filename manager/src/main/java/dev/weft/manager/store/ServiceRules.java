package dev.weft.manager.store;

import dev.weft.proto.PortConfig;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.VirtualIp;
import java.util.regex.Pattern;

/**
 * What a service must not collide with in a state: its name, its published ports, its virtual IPs;
 * and its networks must exist. Checked by the allocator before the commit and by the store when
 * it applies the action. Pure; every refusal is an {@link IllegalArgumentException} with the
 * user's message.
 */
public final class ServiceRules {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

  private ServiceRules() {}

  /** Checks {@code service} as it would be stored in {@code state} (replacing its own earlier version). */
  public static void check(Service service, StoreState state) {
    checkName(service.getSpec().getName(), service.getId(), state);
    for (ServiceNetwork n : service.getSpec().getNetworksList()) {
      if (!state.networks().containsKey(n.getTarget())) {
        throw new IllegalArgumentException("network " + n.getTarget() + " not found");
      }
    }
    for (PortConfig p : service.getPortsList()) {
      checkPortFree(p, service.getId(), state);
    }
    Service stored = state.services().get(service.getId());
    for (VirtualIp v : service.getVirtualIpsList()) {
      if (!state.networks().containsKey(v.getNetworkId())) {
        throw new IllegalArgumentException("network " + v.getNetworkId() + " not found");
      }
      String ip = v.getAddress().substring(0, v.getAddress().indexOf('/'));
      String holder = state.addressesOn(v.getNetworkId()).get(ip);
      boolean own = stored != null && stored.getVirtualIpsList().contains(v);
      if (holder != null && !own) {
        throw new IllegalArgumentException("Address already in use: " + ip + " (by " + holder + "); retry to get another");
      }
    }
  }

  /** A valid name no other service than {@code id} has. */
  public static void checkName(String name, String id, StoreState state) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid service name '" + name
          + "': 1-63 of [a-zA-Z0-9_.-], starting with a letter or digit");
    }
    for (Service other : state.services().values()) {
      if (!other.getId().equals(id) && other.getSpec().getName().equals(name)) {
        throw new IllegalArgumentException("service " + name + " already exists");
      }
    }
  }

  /** No service but {@code id} publishes {@code port}'s number with its protocol. */
  public static void checkPortFree(PortConfig port, String id, StoreState state) {
    for (Service other : state.sortedServices()) {
      if (other.getId().equals(id)) {
        continue;
      }
      for (PortConfig p : other.getPortsList()) {
        if (p.getPublishedPort() == port.getPublishedPort() && p.getProtocol().equals(port.getProtocol())) {
          throw new IllegalArgumentException("port '" + port.getPublishedPort() + "/" + port.getProtocol()
              + "' is already in use by service '" + other.getSpec().getName()
              + "'; publish another port or remove that service");
        }
      }
    }
  }
}
