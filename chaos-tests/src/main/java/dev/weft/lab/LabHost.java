package dev.weft.lab;

import dev.weft.cli.DaemonClient;
import java.nio.file.Path;
import org.testcontainers.containers.GenericContainer;

/**
 * One lab host.
 *
 * @param name its hostname (h1, h2, …), which is also its node name in the swarm
 * @param container the container that is the host
 * @param runDir this machine's view of the host's /run/weft (holds weft.sock)
 */
public record LabHost(String name, GenericContainer<?> container, Path runDir) {
  /** A client for this host's weftd over its unix socket. */
  public DaemonClient client() {
    return new DaemonClient("unix://" + runDir.resolve("weft.sock"));
  }

  public String containerId() {
    return container.getContainerId();
  }

  /** The pid of the host's init on this machine: {@code nsenter -t} it to run in the host's namespaces. */
  public long pid() {
    return container.getContainerInfo().getState().getPidLong();
  }
}
