package dev.weft.agent.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VipRulesTest {
  private static final Map<String, List<String>> BACKENDS = Map.of(
      "198.18.128.2", List.of("198.18.128.5", "198.18.128.3", "198.18.128.4"),
      "198.18.129.2", List.of(),
      "198.18.128.9", List.of("198.18.128.10"));

  @Test
  void eachVirtualIpSpreadsNewConnectionsOverItsTasksInAddressOrder() {
    assertEquals("""
        table ip weft_vip
        delete table ip weft_vip
        table ip weft_vip {
          chain output {
            type nat hook output priority -90; policy accept;
            ip daddr 198.18.128.2 dnat to numgen inc mod 3 map { 0 : 198.18.128.3, 1 : 198.18.128.4, 2 : 198.18.128.5 }
            ip daddr 198.18.128.9 dnat to numgen inc mod 1 map { 0 : 198.18.128.10 }
          }
        }
        """, VipRules.render(BACKENDS), "a virtual IP without tasks gets no rule");
  }

  @Test
  void nftAcceptsTheScript(@TempDir Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve("vip.nft");
    Files.writeString(file, VipRules.render(BACKENDS));
    Process nft = new ProcessBuilder("nft", "-c", "-f", file.toString()).redirectErrorStream(true).start();
    String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(nft.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, nft.exitValue(), out);
  }
}
