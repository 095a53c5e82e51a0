package dev.weft.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;

/**
 * Docker host settings for a lab node, including what {@code docker run --security-opt
 * systempaths=unconfined} sends (empty masked and read-only path lists, so /proc/sys is writable
 * for sysctls in nested namespaces), which docker-java's {@link HostConfig} has no setter for.
 * {@code --privileged} cannot be used on these machines (DATAPLANE.md).
 */
final class NodeHostConfig extends HostConfig {
  private static final long serialVersionUID = 1L;

  @JsonProperty("MaskedPaths")
  private final List<String> maskedPaths = List.of();

  @JsonProperty("ReadonlyPaths")
  private final List<String> readonlyPaths = List.of();

  List<String> maskedPaths() {
    return maskedPaths;
  }

  List<String> readonlyPaths() {
    return readonlyPaths;
  }
}
