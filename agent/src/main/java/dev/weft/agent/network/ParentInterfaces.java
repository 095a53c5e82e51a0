package dev.weft.agent.network;

import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelException;
import java.util.List;

/**
 * Checks the parent interface of a macvlan or ipvlan network and whether the kernel can make the
 * devices the driver needs, so that a missing kernel feature is reported at {@code network
 * create}, by name, rather than when the first container starts.
 */
final class ParentInterfaces {
  private ParentInterfaces() {}

  /** Returns the parent to use; creates the 802.1q sub-interface for {@code IF.VLAN} parents. */
  static String prepare(Kernel kernel, String parent, String driver) {
    int dot = parent.lastIndexOf('.');
    if (dot > 0 && parent.substring(dot + 1).matches("\\d{1,4}")) {
      String base = parent.substring(0, dot);
      int vlan = Integer.parseInt(parent.substring(dot + 1));
      requireLink(kernel, base, driver);
      if (!kernel.linkExists(parent)) {
        if (vlan < 1 || vlan > 4094) {
          throw new IllegalArgumentException("VLAN id " + vlan + " in parent " + parent + " is outside 1-4094");
        }
        try {
          kernel.ipBatch(null, List.of("link add link " + base + " name " + parent + " type vlan id " + vlan,
              "link set " + parent + " up"));
        } catch (KernelException e) {
          throw missingFeature(e, "802.1q VLAN sub-interfaces (module 8021q)", "parent=" + parent,
              "use a parent interface without a VLAN tag");
        }
      }
      return parent;
    }
    requireLink(kernel, parent, driver);
    String type = driver.equals(Drivers.IPVLAN) ? "ipvlan" : "macvlan";
    String probe = "wprobe" + Integer.toHexString(parent.hashCode() & 0xffff);
    try {
      kernel.ipBatch(null, List.of("link add " + probe + " link " + parent + " type " + type));
    } catch (KernelException e) {
      throw missingFeature(e, type + " devices (module " + type + ")", "-d " + driver,
          driver.equals(Drivers.IPVLAN) ? "use -d macvlan instead" : "use -d bridge instead");
    } finally {
      kernel.deleteLink(probe);
    }
    return parent;
  }

  private static void requireLink(Kernel kernel, String name, String driver) {
    if (!kernel.linkExists(name)) {
      throw new IllegalArgumentException("the " + driver + " parent interface " + name
          + " does not exist on this host; see 'ip link' for the interfaces");
    }
  }

  private static IllegalArgumentException missingFeature(KernelException e, String feature, String what, String hint) {
    String output = e.toolOutput();
    if (output.contains("Unknown device type") || output.contains("not supported") || output.contains("Not supported")) {
      return new IllegalArgumentException("this kernel has no support for " + feature + ", which " + what
          + " needs; " + hint);
    }
    return new IllegalArgumentException("cannot create " + feature + ": " + output.strip());
  }
}
