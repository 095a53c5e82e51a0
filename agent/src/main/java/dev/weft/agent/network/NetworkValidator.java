package dev.weft.agent.network;

import dev.weft.net.Ipv4Subnet;
import dev.weft.agent.ipam.Ipv6Subnet;
import dev.weft.agent.ipam.LocalPools;
import dev.weft.net.SubnetPlan;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.LocalNetworkSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@code network create} request against the existing networks and fills in what the
 * user left open. Pure: no kernel, no clock; the refusals name the problem and what to do.
 */
public final class NetworkValidator {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  private static final Pattern PARENT = Pattern.compile("[a-zA-Z0-9_.-]{1,15}");

  private NetworkValidator() {}

  /** What create will make: the allocated IPAM configs and the MTU (0: take the bridge default). */
  public record Validated(LocalNetworkSpec spec, List<IpamConfig> ipam, int mtu) {}

  public static Validated validate(LocalNetworkSpec requested, Collection<LocalNetwork> existing, LocalPools pools) {
    LocalNetworkSpec spec = requested.getDriver().isBlank()
        ? requested.toBuilder().setDriver(Drivers.BRIDGE).build() : requested;
    String name = spec.getName();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid network name '" + name
          + "': use letters, digits, '_', '.' and '-', starting with a letter or digit");
    }
    for (LocalNetwork n : existing) {
      if (n.getSpec().getName().equals(name)) {
        throw new IllegalArgumentException("network with name " + name + " already exists");
      }
    }
    String driver = spec.getDriver();
    if (driver.equals(Drivers.OVERLAY)) {
      throw new IllegalArgumentException("overlay networks are swarm-scoped: create them on a swarm manager "
          + "(this node's daemon manages local networks only)");
    }
    if (!Drivers.CREATABLE.contains(driver)) {
      throw new IllegalArgumentException("unknown network driver '" + driver + "': use bridge, macvlan or ipvlan"
          + (driver.equals(Drivers.HOST) || driver.equals(Drivers.NULL)
              ? " (the host and none networks exist already; only one of each is allowed)" : ""));
    }
    int mtu = mtu(spec.getOptionsMap());
    checkOptions(spec);
    List<IpamConfig> v4 = new ArrayList<>();
    List<IpamConfig> v6 = new ArrayList<>();
    for (IpamConfig c : spec.getIpamList()) {
      (Ipv6Subnet.looksLikeIpv6(c.getSubnet()) ? v6 : v4).add(c);
    }
    if (!v6.isEmpty() && !spec.getIpv6()) {
      throw new IllegalArgumentException("IPv6 subnet " + v6.get(0).getSubnet() + " needs --ipv6");
    }
    if (spec.getIpv6() && v6.isEmpty()) {
      throw new IllegalArgumentException("--ipv6 needs an IPv6 --subnet (such as fd00:198:18::/64); "
          + "weft has no automatic IPv6 pools");
    }
    if (spec.getIpv6() && !driver.equals(Drivers.BRIDGE)) {
      throw new IllegalArgumentException("IPv6 is supported on bridge networks only");
    }
    if (v4.size() > 1 || v6.size() > 1) {
      throw new IllegalArgumentException("a network takes at most one IPv4 and one IPv6 --subnet");
    }
    List<IpamConfig> allocated = new ArrayList<>();
    allocated.add(ipv4(v4.isEmpty() ? IpamConfig.getDefaultInstance() : v4.get(0), driver, existing, pools));
    if (!v6.isEmpty()) {
      allocated.add(ipv6(v6.get(0), existing));
    }
    return new Validated(spec, allocated, mtu);
  }

  private static IpamConfig ipv4(IpamConfig config, String driver, Collection<LocalNetwork> existing, LocalPools pools) {
    List<Ipv4Subnet> taken = new ArrayList<>();
    for (LocalNetwork n : existing) {
      for (IpamConfig c : n.getIpamList()) {
        if (!Ipv6Subnet.looksLikeIpv6(c.getSubnet())) {
          taken.add(Ipv4Subnet.parse(c.getSubnet()));
        }
      }
    }
    IpamConfig withSubnet = config;
    if (config.getSubnet().isBlank()) {
      if (!config.getIpRange().isBlank() || !config.getGateway().isBlank() || config.getAuxAddressesCount() > 0) {
        throw new IllegalArgumentException("--ip-range, --gateway and --aux-address need a --subnet");
      }
      if (!driver.equals(Drivers.BRIDGE)) {
        throw new IllegalArgumentException(driver + " networks need a --subnet (the addresses of the parent's LAN)");
      }
      withSubnet = config.toBuilder().setSubnet(pools.pick(taken).toString()).build();
    }
    SubnetPlan plan = SubnetPlan.of(withSubnet);
    for (Ipv4Subnet other : taken) {
      if (other.overlaps(plan.subnet())) {
        throw new IllegalArgumentException("subnet " + plan.subnet() + " overlaps with another network's subnet "
            + other + "; choose another --subnet");
      }
    }
    return plan.allocated(withSubnet);
  }

  private static IpamConfig ipv6(IpamConfig config, Collection<LocalNetwork> existing) {
    Ipv6Subnet subnet = Ipv6Subnet.parse(config.getSubnet());
    if (subnet.prefix() > 126) {
      throw new IllegalArgumentException("IPv6 subnet " + subnet + " is too small: use /126 or shorter");
    }
    if (!config.getIpRange().isBlank() || config.getAuxAddressesCount() > 0) {
      throw new IllegalArgumentException("--ip-range and --aux-address are not supported for IPv6 subnets");
    }
    java.math.BigInteger gateway = config.getGateway().isBlank() ? subnet.defaultGateway()
        : Ipv6Subnet.parseAddress(config.getGateway());
    if (!subnet.contains(gateway) || gateway.equals(subnet.first())) {
      throw new IllegalArgumentException("gateway " + config.getGateway() + " is not a host address of subnet " + subnet);
    }
    for (LocalNetwork n : existing) {
      for (IpamConfig c : n.getIpamList()) {
        if (Ipv6Subnet.looksLikeIpv6(c.getSubnet()) && Ipv6Subnet.parse(c.getSubnet()).overlaps(subnet)) {
          throw new IllegalArgumentException("subnet " + subnet + " overlaps with another network's subnet "
              + c.getSubnet() + "; choose another --subnet");
        }
      }
    }
    return config.toBuilder().setSubnet(subnet.toString()).setGateway(Ipv6Subnet.format(gateway)).build();
  }

  private static int mtu(Map<String, String> options) {
    String text = options.get(Drivers.MTU_OPTION);
    if (text == null) {
      return 0;
    }
    int mtu;
    try {
      mtu = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + Drivers.MTU_OPTION + " '" + text + "': expected a number");
    }
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("invalid " + Drivers.MTU_OPTION + " " + mtu + ": must be within 68-65535");
    }
    return mtu;
  }

  private static void checkOptions(LocalNetworkSpec spec) {
    String driver = spec.getDriver();
    for (String key : spec.getOptionsMap().keySet()) {
      boolean known = key.equals(Drivers.MTU_OPTION) || key.startsWith("com.docker.network.bridge.")
          || (!driver.equals(Drivers.BRIDGE) && key.equals(Drivers.PARENT_OPTION))
          || (driver.equals(Drivers.MACVLAN) && key.equals(Drivers.MACVLAN_MODE_OPTION))
          || (driver.equals(Drivers.IPVLAN) && key.equals(Drivers.IPVLAN_MODE_OPTION));
      if (!known) {
        throw new IllegalArgumentException("unknown option '" + key + "' for the " + driver + " driver");
      }
    }
    if (driver.equals(Drivers.MACVLAN) || driver.equals(Drivers.IPVLAN)) {
      String parent = spec.getOptionsMap().get(Drivers.PARENT_OPTION);
      if (parent == null || !PARENT.matcher(parent).matches()) {
        throw new IllegalArgumentException(driver + " networks need -o parent=INTERFACE (for example parent=eth0)");
      }
    }
    if (driver.equals(Drivers.MACVLAN)) {
      String mode = spec.getOptionsMap().getOrDefault(Drivers.MACVLAN_MODE_OPTION, "bridge");
      if (!List.of("bridge", "private", "vepa", "passthru").contains(mode)) {
        throw new IllegalArgumentException("invalid macvlan_mode '" + mode + "': use bridge, private, vepa or passthru");
      }
    }
    if (driver.equals(Drivers.IPVLAN)) {
      String mode = spec.getOptionsMap().getOrDefault(Drivers.IPVLAN_MODE_OPTION, "l2");
      if (!List.of("l2", "l3", "l3s").contains(mode)) {
        throw new IllegalArgumentException("invalid ipvlan_mode '" + mode + "': use l2, l3 or l3s");
      }
    }
  }
}
