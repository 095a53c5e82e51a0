package dev.weft.agent.network;

import java.util.Set;

/** Driver names, as Docker spells them. */
public final class Drivers {
  public static final String BRIDGE = "bridge";
  public static final String HOST = "host";
  public static final String NULL = "null";
  public static final String MACVLAN = "macvlan";
  public static final String IPVLAN = "ipvlan";
  public static final String OVERLAY = "overlay";

  /** Drivers a user may create local networks with. */
  public static final Set<String> CREATABLE = Set.of(BRIDGE, MACVLAN, IPVLAN);

  /** The option that sets a network's MTU (Docker's). */
  public static final String MTU_OPTION = "com.docker.network.driver.mtu";
  public static final String PARENT_OPTION = "parent";
  public static final String MACVLAN_MODE_OPTION = "macvlan_mode";
  public static final String IPVLAN_MODE_OPTION = "ipvlan_mode";

  private Drivers() {}

  public static boolean carriesAddresses(String driver) {
    return driver.equals(BRIDGE) || driver.equals(MACVLAN) || driver.equals(IPVLAN) || driver.equals(OVERLAY);
  }
}
