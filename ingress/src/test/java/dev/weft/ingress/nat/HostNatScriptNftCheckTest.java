package dev.weft.ingress.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every golden script is accepted by the real nft in check mode ({@code nft -c -f}), which parses
 * and validates the batch without changing the kernel's ruleset. Needs nft and CAP_NET_ADMIN.
 */
class HostNatScriptNftCheckTest {
  private static final Path NFT = Path.of("/usr/sbin/nft");

  @Test
  void nftAcceptsEveryGoldenScript(@TempDir Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(NFT)) {
      fail(NFT + " is missing: install nftables to check the rendered scripts (this test is not skipped)");
    }
    for (NatGoldenCases.Case c : NatGoldenCases.ALL) {
      String script = c.render();
      Path file = dir.resolve(c.name() + ".nft");
      Files.writeString(file, script);
      Process nft = new ProcessBuilder(NFT.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
      String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(nft.waitFor(30, TimeUnit.SECONDS), "nft -c did not finish for " + c.name());
      assertEquals(0, nft.exitValue(), "nft -c -f rejected " + c.name() + ":\n" + out + "\n--- script ---\n" + script);
    }
    String script = HostNatRenderer.dropLegacyBridgeFilter(NatGoldenCases.TABLE);
    Path file = dir.resolve("bridge.nft");
    Files.writeString(file, script);
    Process nft = new ProcessBuilder(NFT.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
    String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(nft.waitFor(30, TimeUnit.SECONDS), "nft -c did not finish for the bridge filter");
    assertEquals(0, nft.exitValue(), "nft -c -f rejected the bridge filter's removal:\n" + out + "\n--- script ---\n" + script);
  }
}
