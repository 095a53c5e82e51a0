package dev.weft.agent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link Kernel} asks the host's tools to run, through a recording {@link CommandRunner}. */
class KernelTest {
  private final List<List<String>> ran = new ArrayList<>();
  private final List<String> stdins = new ArrayList<>();
  private final Kernel kernel = new Kernel((argv, stdin) -> {
    ran.add(argv);
    stdins.add(stdin);
    return new CommandRunner.Result(0, "", "");
  });

  @Test
  void sysctlsAndRulesGoInOneProcessInTheNamespace() {
    kernel.nftIn("weft-x-1", Map.of("net.ipv4.neigh.eth1.retrans_time_ms", "100",
        "net.ipv4.conf.all.route_localnet", "1"), "table ip t {}\n");
    assertEquals(List.of(List.of("ip", "netns", "exec", "weft-x-1", "sh", "-c",
        "echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet && "
            + "echo 100 > /proc/sys/net/ipv4/neigh/eth1/retrans_time_ms && exec nft -f -")), ran);
    assertEquals(List.of("table ip t {}\n"), stdins);
  }

  @Test
  void withoutSysctlsNftRunsDirectly() {
    kernel.nftIn("weft-x-1", "table ip t {}\n");
    assertEquals(List.of(List.of("ip", "netns", "exec", "weft-x-1", "nft", "-f", "-")), ran);
  }

  @Test
  void aKeyOrValueThatCouldReachTheShellIsRefusedBeforeAnythingRuns() {
    assertThrows(IllegalArgumentException.class,
        () -> kernel.nftIn("n", Map.of("net.ipv4.conf.all.x; rm -rf /", "1"), ""));
    assertThrows(IllegalArgumentException.class,
        () -> kernel.nftIn("n", Map.of("net.ipv4.conf.all.route_localnet", "1 > /etc/passwd"), ""));
    assertThrows(IllegalArgumentException.class, () -> kernel.nftIn("n", Map.of("../../etc", "1"), ""));
    assertTrue(ran.isEmpty());
  }

  @Test
  void aRefusedRulesetIsAKernelException() {
    Kernel refusing = new Kernel((argv, stdin) -> new CommandRunner.Result(1, "", "Error: syntax error"));
    KernelException e = assertThrows(KernelException.class, () -> refusing.nftIn("n", "bad"));
    assertTrue(e.getMessage().contains("n"), e.getMessage());
  }

  @Test
  void hostSysctlsAndAnIpBatchGoInOneProcess() {
    kernel.ipBatchAfterSysctls(Map.of("net.ipv4.conf.wvd98f1dvzsimg8.route_localnet", "1"),
        List.of("addr add 198.18.128.15/24 dev wvd98f1dvzsimg8", "link set wvd98f1dvzsimg8 up"));
    assertEquals(List.of(List.of("sh", "-c",
        "echo 1 > /proc/sys/net/ipv4/conf/wvd98f1dvzsimg8/route_localnet && exec ip -batch -")), ran);
    assertEquals(List.of("addr add 198.18.128.15/24 dev wvd98f1dvzsimg8\nlink set wvd98f1dvzsimg8 up\n"), stdins);
    assertThrows(IllegalArgumentException.class,
        () -> kernel.ipBatchAfterSysctls(Map.of("net.ipv4.conf.x`reboot`.y", "1"), List.of("link set lo up")));
    assertEquals(1, ran.size());
  }
}
