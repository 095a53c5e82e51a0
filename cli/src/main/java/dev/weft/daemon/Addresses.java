package dev.weft.daemon;

import dev.weft.security.HostPort;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Chooses the address a node advertises when the user did not give one, as Docker does. */
final class Addresses {
  private Addresses() {}

  /**
   * The user's address if given (an IP, or an interface name such as eth0); otherwise the only
   * non-loopback IPv4 address of the host; with several, an error asking for --advertise-addr.
   */
  static String advertiseHost(String requested) {
    if (requested != null && !requested.isBlank()) {
      String host = requested.contains(":") && !requested.startsWith("[")
          ? HostPort.parse(requested, 1).host() : requested.trim();
      return interfaceAddress(host).orElse(host);
    }
    List<String> candidates = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress addr : Collections.list(nic.getInetAddresses())) {
          if (addr instanceof Inet4Address) {
            candidates.add(addr.getHostAddress() + " (on " + nic.getName() + ")");
          }
        }
      }
    } catch (SocketException e) {
      throw new IllegalArgumentException("cannot list network interfaces; use --advertise-addr");
    }
    if (candidates.size() == 1) {
      return candidates.get(0).substring(0, candidates.get(0).indexOf(' '));
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("could not find an address to advertise: this host has no IPv4 "
          + "address besides loopback; use --advertise-addr");
    }
    throw new IllegalArgumentException("could not choose an IP address to advertise since this system has "
        + "multiple addresses: " + String.join(", ", candidates) + "; specify one with --advertise-addr");
  }

  /** The local address this host uses to reach {@code remote} (no packet is sent). */
  static String localAddressToward(HostPort remote) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(remote.host(), remote.port()));
      return socket.getLocalAddress().getHostAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot find a route to " + remote + "; use --advertise-addr");
    }
  }

  private static java.util.Optional<String> interfaceAddress(String name) {
    try {
      NetworkInterface nic = NetworkInterface.getByName(name);
      if (nic == null) {
        return java.util.Optional.empty();
      }
      return Collections.list(nic.getInetAddresses()).stream()
          .filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).findFirst();
    } catch (SocketException e) {
      return java.util.Optional.empty();
    }
  }
}
