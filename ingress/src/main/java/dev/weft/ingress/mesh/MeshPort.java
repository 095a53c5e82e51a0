package dev.weft.ingress.mesh;

import java.util.List;

/**
 * A port published through the routing mesh and where its connections go.
 *
 * @param protocol tcp or udp
 * @param published the port on every address of every node
 * @param target the port the tasks listen on
 * @param backends the addresses of the service's running tasks on the ingress network
 */
public record MeshPort(String protocol, int published, int target, List<String> backends)
    implements Comparable<MeshPort> {
  public MeshPort {
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException("protocol must be tcp or udp, not " + protocol);
    }
    if (published < 1 || published > 65_535 || target < 1 || target > 65_535) {
      throw new IllegalArgumentException("ports must be 1-65535: " + published + "->" + target);
    }
    backends = backends.stream().distinct().sorted().toList();
  }

  @Override
  public int compareTo(MeshPort o) {
    int c = protocol.compareTo(o.protocol);
    return c != 0 ? c : Integer.compare(published, o.published);
  }
}
