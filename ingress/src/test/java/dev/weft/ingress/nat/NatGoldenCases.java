package dev.weft.ingress.nat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The inputs of the NAT golden files: each case renders to {@code golden/nat/<name>.nft} on the
 * test class path. Inputs are listed out of order on purpose; the renderer must sort them.
 */
final class NatGoldenCases {
  static final String TABLE = "weft_ab12";

  record Case(String name, List<BridgeRule> bridges, List<PortRule> ports) {
    String expected() {
      String path = "/golden/nat/" + name + ".nft";
      try (InputStream in = NatGoldenCases.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("missing golden file " + path);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String render() {
      return HostNatRenderer.render(TABLE, bridges, ports);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> ALL = List.of(
      new Case("empty", List.of(), List.of()),
      new Case("default-bridge-one-port",
          List.of(new BridgeRule("wbab12c0ffee", "198.18.17.0/24", false)),
          List.of(new PortRule("", 8080, "tcp", "198.18.17.2", 80))),
      new Case("internal-bridge-alone",
          List.of(new BridgeRule("wbab12dddddd", "198.18.10.0/24", true)),
          List.of()),
      new Case("three-bridges-mixed-ports",
          List.of(
              new BridgeRule("wbab12bbbbbb", "198.18.18.0/24", false),
              new BridgeRule("wbab12cccccc", "198.18.10.0/24", true),
              new BridgeRule("wbab12aaaaaa", "198.18.17.0/24", false)),
          List.of(
              new PortRule("127.0.0.1", 5353, "udp", "198.18.18.3", 53),
              new PortRule("198.19.2.10", 8443, "tcp", "198.18.18.3", 443),
              new PortRule("198.19.2.10", 8080, "tcp", "198.18.18.4", 80),
              new PortRule("", 8080, "tcp", "198.18.17.2", 80))));

  private NatGoldenCases() {}
}
