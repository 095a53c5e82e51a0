package dev.weft.net;


import dev.weft.proto.IpamConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One subnet of a network, checked: where addresses may be handed out (the ip-range, or the
 * whole subnet), and which are never handed out (network, broadcast, gateway, aux addresses).
 *
 * @param gateway the gateway address: the user's, or the first host address
 */
public record SubnetPlan(Ipv4Subnet subnet, Ipv4Subnet range, long gateway, Set<Long> reserved) {

  /** Checks an IPAM configuration whose subnet is set; the messages name the offending value. */
  public static SubnetPlan of(IpamConfig config) {
    Ipv4Subnet subnet = Ipv4Subnet.parse(config.getSubnet());
    if (subnet.prefix() > 30) {
      throw new IllegalArgumentException("subnet " + subnet + " is too small: use a prefix of /30 or shorter");
    }
    Ipv4Subnet range = subnet;
    if (!config.getIpRange().isBlank()) {
      range = Ipv4Subnet.parse(config.getIpRange());
      if (!subnet.contains(range)) {
        throw new IllegalArgumentException("ip-range " + range + " is not inside subnet " + subnet);
      }
    }
    long gateway;
    if (config.getGateway().isBlank()) {
      gateway = subnet.first() + 1;
    } else {
      gateway = parseAddress("gateway", config.getGateway());
      if (!subnet.contains(gateway) || gateway == subnet.first() || gateway == subnet.last()) {
        throw new IllegalArgumentException("gateway " + config.getGateway() + " is not a host address of subnet " + subnet);
      }
    }
    Set<Long> reserved = new TreeSet<>(Set.of(subnet.first(), subnet.last(), gateway));
    for (Map.Entry<String, String> aux : config.getAuxAddressesMap().entrySet()) {
      long address = parseAddress("aux-address " + aux.getKey(), aux.getValue());
      if (!subnet.contains(address)) {
        throw new IllegalArgumentException("aux-address " + aux.getKey() + "=" + aux.getValue()
            + " is not inside subnet " + subnet);
      }
      if (address == gateway) {
        throw new IllegalArgumentException("aux-address " + aux.getKey() + "=" + aux.getValue() + " is the gateway");
      }
      reserved.add(address);
    }
    return new SubnetPlan(subnet, range, gateway, Set.copyOf(reserved));
  }

  /** Whether a static address may be given to a container. */
  public void checkStatic(long address) {
    if (!subnet.contains(address)) {
      throw new IllegalArgumentException("address " + Ipv4.format(address) + " is not inside subnet " + subnet);
    }
    if (reserved.contains(address)) {
      throw new IllegalArgumentException("address " + Ipv4.format(address)
          + " is reserved in subnet " + subnet + " (network, broadcast, gateway or aux address)");
    }
  }

  public IpamConfig allocated(IpamConfig requested) {
    return requested.toBuilder().setSubnet(subnet.toString()).setGateway(Ipv4.format(gateway)).build();
  }

  private static long parseAddress(String what, String text) {
    try {
      return Ipv4.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + what + " '" + text + "': expected an IPv4 address");
    }
  }
}
