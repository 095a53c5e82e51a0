package dev.weft.agent.network;

import dev.weft.proto.LocalNetworkSpec;

/**
 * The gateway bridge ({@value #NAME}, Docker's docker_gwbridge): a local bridge every container
 * whose networks are all overlays joins as its last interface. It carries the container's way out
 * (masqueraded like any bridge; not for containers whose overlays are all internal) and its
 * queries to the embedded DNS, which listens on the bridge's gateway address. Containers on it cannot
 * reach each other through it (ICC off, {@link NatTable#iccOff}). Created with an automatic subnet
 * when the node enters a swarm (or on first use, if that failed), and never removed by the user.
 */
public final class GatewayBridge {
  public static final String NAME = "weft_gwbridge";

  private GatewayBridge() {}

  static LocalNetworkSpec spec() {
    return LocalNetworkSpec.newBuilder().setName(NAME).setDriver(Drivers.BRIDGE)
        .putOptions("com.docker.network.bridge.name", NAME)
        .putOptions(NatTable.ICC_OPTION, "false")
        .build();
  }
}
