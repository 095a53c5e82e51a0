package dev.weft.vxlan.plan;

/**
 * An endpoint of the network on another host.
 *
 * @param ip its overlay address
 * @param mac its MAC (derived from the address)
 * @param vtep the data-path address of the host it lives on
 */
public record RemoteEndpoint(String ip, String mac, String vtep) implements Comparable<RemoteEndpoint> {
  @Override
  public int compareTo(RemoteEndpoint o) {
    return ip.compareTo(o.ip);
  }
}
