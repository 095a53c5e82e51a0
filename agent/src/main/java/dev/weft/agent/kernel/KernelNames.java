package dev.weft.agent.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the kernel objects one daemon owns. Interface names must fit Linux's 15 characters:
 * {@code wb<prefix><9 of the network id>} for bridges, {@code wv<prefix><9 of the endpoint id>}
 * for the host end of veths, {@code wm<prefix><9>} for macvlan/ipvlan devices before they move
 * into a container, {@code wx<prefix><9 of the network id>} for vxlan devices before they move into
 * an overlay sandbox; namespaces are {@code weft-<prefix>-<12 of the container id>} and
 * {@code weft-<prefix>-o<11 of the network id>} for overlay sandboxes; the nftables
 * tables are {@code ip weft_<prefix>}, {@code ip6 weft6_<prefix>} and {@code ip weftm_<prefix>} (the
 * routing mesh).
 *
 * @param prefix 4 hex digits derived from the daemon's data root
 */
public record KernelNames(String prefix) {
  public KernelNames {
    if (!prefix.matches("[0-9a-f]{4}")) {
      throw new IllegalArgumentException("prefix must be 4 hex digits");
    }
  }

  /** The prefix for a daemon with this data root (stable across restarts). */
  public static KernelNames forDataRoot(String dataRoot) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataRoot.getBytes(StandardCharsets.UTF_8));
      return new KernelNames(HexFormat.of().formatHex(digest, 0, 2));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String bridge(String networkId) {
    return "wb" + prefix + networkId.substring(0, 9);
  }

  public String hostVeth(String endpointId) {
    return "wv" + prefix + endpointId.substring(0, 9);
  }

  public String movingDevice(String endpointId) {
    return "wm" + prefix + endpointId.substring(0, 9);
  }

  public String netns(String containerId) {
    return "weft-" + prefix + "-" + containerId.substring(0, 12);
  }

  /** An overlay network's sandbox namespace. */
  public String overlayNetns(String networkId) {
    return "weft-" + prefix + "-o" + networkId.substring(0, 11);
  }

  /** An overlay network's vxlan device, created in the host namespace and moved into the sandbox. */
  public String vxlan(String networkId) {
    return "wx" + prefix + networkId.substring(0, 9);
  }

  public String nftTable() {
    return "weft_" + prefix;
  }

  /** The routing mesh's table (family {@code ip}). */
  public String meshTable() {
    return "weftm_" + prefix;
  }

  /** The IPv6 filter table's name. */
  public String nftTable6() {
    return "weft6_" + prefix;
  }

  /** Whether an interface name is one of this daemon's. */
  public boolean ownsLink(String name) {
    return name.length() > 6 && name.startsWith("w") && name.substring(2, 6).equals(prefix)
        && "bvmx".indexOf(name.charAt(1)) >= 0;
  }

  public boolean ownsNetns(String name) {
    return name.startsWith("weft-" + prefix + "-");
  }
}
