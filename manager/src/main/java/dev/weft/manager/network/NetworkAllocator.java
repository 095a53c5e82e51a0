package dev.weft.manager.network;

import dev.weft.manager.store.StoreState;
import dev.weft.net.Ipv4;
import dev.weft.net.Ipv4Subnet;
import dev.weft.proto.AddressPoolSpec;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a swarm network spec and chooses its subnets and VNI; see the package documentation. */
public final class NetworkAllocator {
  /** The first VXLAN id handed out (Docker's). */
  public static final int FIRST_VNI = 4096;
  static final int MAX_VNI = 16_777_215;
  /** Subnets longer than /29 leave too few addresses for a network. */
  static final int LONGEST_PREFIX = 29;
  static final String VNI_OPTION = "com.docker.network.driver.overlay.vxlanid_list";
  static final String MTU_OPTION = "com.docker.network.driver.mtu";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private NetworkAllocator() {}

  public static Network allocate(String id, NetworkSpec requested, StoreState state, AddressPoolSpec pools) {
    NetworkSpec spec = requested.getDriver().isBlank() ? requested.toBuilder().setDriver("overlay").build() : requested;
    if (!NAME.matcher(spec.getName()).matches()) {
      throw new IllegalArgumentException("invalid network name '" + spec.getName()
          + "': use letters, digits, '_', '.' and '-', starting with a letter or digit");
    }
    if (!spec.getDriver().equals("overlay")) {
      throw new IllegalArgumentException("swarm-scoped networks use the overlay driver, not " + spec.getDriver());
    }
    if (spec.getAttachable() && spec.getIngress()) {
      throw new IllegalArgumentException("an ingress network cannot be attachable");
    }
    if (spec.getIngress()) {
      state.networks().values().stream().filter(n -> n.getSpec().getIngress()).findFirst().ifPresent(n -> {
        throw new IllegalArgumentException("an ingress network (" + n.getSpec().getName() + ") is already present; "
            + "a swarm has one: remove it first (no service may publish a port through it)");
      });
    }
    if (spec.getIpv6()) {
      throw new IllegalArgumentException("--ipv6 is not supported on overlay networks yet");
    }
    if (state.networks().values().stream().anyMatch(n -> n.getSpec().getName().equals(spec.getName()))) {
      throw new IllegalArgumentException("network with name " + spec.getName() + " already exists");
    }
    checkOptions(spec);
    List<Ipv4Subnet> taken = new ArrayList<>();
    state.networks().values().forEach(n -> n.getAllocatedList().forEach(c -> taken.add(Ipv4Subnet.parse(c.getSubnet()))));
    List<IpamConfig> allocated = new ArrayList<>();
    List<IpamConfig> configs = spec.getIpamList().isEmpty() ? List.of(IpamConfig.getDefaultInstance()) : spec.getIpamList();
    for (IpamConfig config : configs) {
      Ipv4Subnet subnet = config.getSubnet().isBlank() ? fromPool(pools, taken) : explicit(config.getSubnet(), taken);
      long gateway = config.getGateway().isBlank() ? subnet.first() + 1 : Ipv4.parse(config.getGateway());
      if (!subnet.contains(gateway) || gateway == subnet.first() || gateway == subnet.last()) {
        throw new IllegalArgumentException("gateway " + config.getGateway() + " is not a host address of subnet " + subnet);
      }
      if (!config.getIpRange().isBlank() && !subnet.contains(Ipv4Subnet.parse(config.getIpRange()))) {
        throw new IllegalArgumentException("ip-range " + config.getIpRange() + " is not inside subnet " + subnet);
      }
      taken.add(subnet);
      allocated.add(config.toBuilder().setSubnet(subnet.toString()).setGateway(Ipv4.format(gateway)).build());
    }
    return Network.newBuilder().setId(id).setSpec(spec).addAllAllocated(allocated).setVni(vni(spec, state)).build();
  }

  private static Ipv4Subnet explicit(String cidr, List<Ipv4Subnet> taken) {
    Ipv4Subnet subnet = Ipv4Subnet.parse(cidr);
    if (subnet.prefix() > LONGEST_PREFIX) {
      throw new IllegalArgumentException("subnet " + subnet + " is too small: its mask must be /" + LONGEST_PREFIX
          + " or shorter");
    }
    for (Ipv4Subnet other : taken) {
      if (other.overlaps(subnet)) {
        throw new IllegalArgumentException("subnet " + subnet + " overlaps with another network's subnet " + other
            + "; choose another --subnet");
      }
    }
    return subnet;
  }

  /** The first block of the pools' mask length that overlaps no network. */
  static Ipv4Subnet fromPool(AddressPoolSpec pools, List<Ipv4Subnet> taken) {
    int size = pools.getMaskLength();
    for (String base : pools.getSubnetsList()) {
      Ipv4Subnet pool = Ipv4Subnet.parse(base);
      long step = 1L << (32 - size);
      for (long at = pool.first(); at + step - 1 <= pool.last(); at += step) {
        Ipv4Subnet candidate = new Ipv4Subnet(at, size);
        if (taken.stream().noneMatch(candidate::overlaps)) {
          return candidate;
        }
      }
    }
    throw new IllegalArgumentException("the swarm's default address pools " + pools.getSubnetsList() + " are used up (/"
        + size + " each): remove unused overlay networks, or give a --subnet");
  }

  private static int vni(NetworkSpec spec, StoreState state) {
    Set<Integer> used = new HashSet<>();
    state.networks().values().forEach(n -> used.add(n.getVni()));
    String requested = spec.getOptionsMap().get(VNI_OPTION);
    if (requested != null) {
      int vni;
      try {
        vni = Integer.parseInt(requested.split(",")[0].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid " + VNI_OPTION + " '" + requested + "': expected a number");
      }
      if (vni < 1 || vni > MAX_VNI) {
        throw new IllegalArgumentException("VXLAN id " + vni + " is outside 1-" + MAX_VNI);
      }
      if (used.contains(vni)) {
        throw new IllegalArgumentException("VXLAN id " + vni + " is already used by another network");
      }
      return vni;
    }
    for (int vni = FIRST_VNI; vni <= MAX_VNI; vni++) {
      if (!used.contains(vni)) {
        return vni;
      }
    }
    throw new IllegalArgumentException("no VXLAN id left");
  }

  private static void checkOptions(NetworkSpec spec) {
    for (String key : spec.getOptionsMap().keySet()) {
      if (!key.equals(VNI_OPTION) && !key.equals(MTU_OPTION) && !key.equals("encrypted")) {
        throw new IllegalArgumentException("unknown option '" + key + "' for the overlay driver");
      }
    }
    if (spec.getOptionsMap().containsKey("encrypted")) {
      throw new IllegalArgumentException("encrypted overlays need IPsec ESP, which this kernel lacks");
    }
    String mtu = spec.getOptionsMap().get(MTU_OPTION);
    if (mtu != null) {
      try {
        int value = Integer.parseInt(mtu.trim());
        if (value < 68 || value > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid " + MTU_OPTION + " '" + mtu + "': must be a number within 68-65535");
      }
    }
  }
}
