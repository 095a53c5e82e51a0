package dev.weft.ingress.nat;

/**
 * A local bridge network as the NAT table sees it.
 *
 * @param device the Linux bridge
 * @param subnet its IPv4 subnet (CIDR)
 * @param internal no traffic in or out of the bridge except between its own ports
 */
public record BridgeRule(String device, String subnet, boolean internal) implements Comparable<BridgeRule> {
  @Override
  public int compareTo(BridgeRule o) {
    return device.compareTo(o.device);
  }
}
