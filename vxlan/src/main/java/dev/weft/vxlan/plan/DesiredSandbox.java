package dev.weft.vxlan.plan;

import java.util.List;

/**
 * One overlay network's sandbox on this host, as it should be.
 *
 * @param netns the sandbox namespace
 * @param vxlan the vxlan device's name (unique in the host namespace, where it is created)
 * @param settings the vxlan device's settings
 * @param remotes the network's endpoints on other hosts
 */
public record DesiredSandbox(String netns, String vxlan, VxlanSettings settings, List<RemoteEndpoint> remotes) {
  public DesiredSandbox {
    remotes = List.copyOf(remotes);
  }
}
