package dev.weft.ingress.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshRulesTest {
  static final List<MeshPort> PORTS = List.of(
      new MeshPort("udp", 5353, 53, List.of("198.18.128.7")),
      new MeshPort("tcp", 8080, 80, List.of("198.18.128.5", "198.18.128.3", "198.18.128.4", "198.18.128.3")),
      new MeshPort("tcp", 30000, 9000, List.of()));

  @Test
  void balancesEachPublishedPortOverItsTasksAndMasqueradesIntoTheIngressNetwork() {
    assertEquals("""
        table ip weftm_ab12
        delete table ip weftm_ab12
        table ip weftm_ab12 {
          chain prerouting {
            type nat hook prerouting priority -101; policy accept;
            fib daddr type local meta l4proto tcp th dport 8080 dnat ip to numgen inc mod 3 map { 0 : 198.18.128.3 . 80, 1 : 198.18.128.4 . 80, 2 : 198.18.128.5 . 80 }
            fib daddr type local meta l4proto udp th dport 5353 dnat ip to numgen inc mod 1 map { 0 : 198.18.128.7 . 53 }
          }
          chain output {
            type nat hook output priority -101; policy accept;
            fib daddr type local meta l4proto tcp th dport 8080 dnat ip to numgen inc mod 3 map { 0 : 198.18.128.3 . 80, 1 : 198.18.128.4 . 80, 2 : 198.18.128.5 . 80 }
            fib daddr type local meta l4proto udp th dport 5353 dnat ip to numgen inc mod 1 map { 0 : 198.18.128.7 . 53 }
          }
          chain postrouting {
            type nat hook postrouting priority 100; policy accept;
            oifname "wvab12mesh00001" masquerade
          }
        }
        """, MeshRules.render("weftm_ab12", "wvab12mesh00001", PORTS));
  }

  @Test
  void aPortIsCheckedWhenItIsMade() {
    assertThrows(IllegalArgumentException.class, () -> new MeshPort("sctp", 80, 80, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new MeshPort("tcp", 0, 80, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new MeshPort("tcp", 80, 70_000, List.of()));
  }

  /** The real nft accepts the scripts in check mode (parses and validates, changes nothing). */
  @Test
  void nftAcceptsTheScripts(@TempDir Path dir) throws IOException, InterruptedException {
    Path nftBinary = Path.of("/usr/sbin/nft");
    if (!Files.isExecutable(nftBinary)) {
      fail(nftBinary + " is missing: install nftables to check the rendered scripts (this test is not skipped)");
    }
    for (String script : List.of(MeshRules.render("weftm_ab12", "wvab12mesh00001", PORTS),
        MeshRules.render("weftm_ab12", "wvab12mesh00001", List.of()))) {
      Path file = Files.writeString(dir.resolve("mesh.nft"), script);
      Process nft = new ProcessBuilder(nftBinary.toString(), "-c", "-f", file.toString()).redirectErrorStream(true)
          .start();
      String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(nft.waitFor(30, TimeUnit.SECONDS), "nft -c did not finish");
      assertEquals(0, nft.exitValue(), "nft -c -f rejected:\n" + out + "\n--- script ---\n" + script);
    }
  }
}
