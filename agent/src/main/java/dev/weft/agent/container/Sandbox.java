package dev.weft.agent.container;

import dev.weft.agent.kernel.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A container's network namespace and the files {@code ip netns exec} shows it as /etc/hosts and
 * /etc/resolv.conf ({@code /etc/netns/<namespace>/}).
 */
public final class Sandbox {
  private static final Path NETNS_ETC = Path.of("/etc/netns");
  private final Kernel kernel;

  public Sandbox(Kernel kernel) {
    this.kernel = kernel;
  }

  /** @param loopbackUp bring loopback up here (callers that add an interface do it in that batch) */
  public void create(String netns, String hosts, String resolvConf, boolean loopbackUp) {
    kernel.addNetns(netns);
    try {
      Path dir = NETNS_ETC.resolve(netns);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("hosts"), hosts);
      Files.writeString(dir.resolve("resolv.conf"), resolvConf);
    } catch (IOException e) {
      kernel.deleteNetns(netns);
      throw new UncheckedIOException("cannot write /etc/netns/" + netns, e);
    }
    if (loopbackUp) {
      kernel.ipBatch(netns, List.of("link set lo up"));
    }
  }

  /** Rewrites the container's resolv.conf in place (the running container sees the new content). */
  public void writeResolvConf(String netns, String resolvConf) {
    try {
      Files.writeString(NETNS_ETC.resolve(netns).resolve("resolv.conf"), resolvConf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the namespace (and with it every interface inside) and its files. */
  public void destroy(String netns) {
    kernel.deleteNetns(netns);
    deleteTree(NETNS_ETC.resolve(netns));
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** /etc/hosts for a container: localhost, then its own addresses with its hostname. */
  public static String hostsFile(String hostname, List<String> addresses) {
    StringBuilder s = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    for (String address : addresses) {
      s.append(address).append('\t').append(hostname).append('\n');
    }
    return s.toString();
  }
}
