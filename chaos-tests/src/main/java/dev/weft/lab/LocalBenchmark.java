package dev.weft.lab;

import static dev.weft.lab.BenchReport.line;

import dev.weft.agent.kernel.CommandRunner;
import dev.weft.agent.kernel.ProcessRunner;
import dev.weft.cli.DaemonClient;
import dev.weft.ingress.nat.BridgeRule;
import dev.weft.ingress.nat.HostNatRenderer;
import dev.weft.ingress.nat.PortRule;
import dev.weft.proto.ContainerRef;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.NetworkAttachmentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local-networking benchmark (not a test): (1) container start → reachable by name from
 * another container on the same user-defined network, over many containers on one lab host;
 * (2) time to replace the daemon's nftables table with 10, 100 and 1,000 published ports, in a
 * throwaway namespace on this machine. Prints the figures and writes a Markdown report.
 * Usage: {@code LocalBenchmark [containers] [report-path]}.
 */
public final class LocalBenchmark {
  private LocalBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path report = Path.of(args.length > 1 ? args[1] : "target/bench/local-networks.md");
    Path repo = Path.of(System.getProperty("weft.repo", ".")).toAbsolutePath();
    StringBuilder out = new StringBuilder();
    line(out, "# weft local-networking benchmark");
    line(out, "");
    line(out, "- when: " + Instant.now());
    line(out, "- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
        + " " + System.getProperty("os.version"));
    line(out, "");
    nftTable(out);
    try (Lab lab = Lab.start(repo, "weft-bench-local", 1, 121, "")) {
      nameReachability(lab, count, out);
    }
    BenchReport.write(out, report);
    System.exit(0);
  }

  /** Container start (run request sent) → the prober's first successful ping by name. */
  static void nameReachability(Lab lab, int count, StringBuilder out) {
    LabSwarm.check(lab.weft("h1", "network", "create", "benchnet"), "network create");
    LabSwarm.check(lab.weft("h1", "run", "-d", "--name", "prober", "--network", "benchnet", "--", "sleep", "1d"), "prober");
    double[] ms = new double[count];
    try (DaemonClient client = lab.host("h1").client()) {
      int prober = client.containers().inspect(ContainerRef.newBuilder().setRef("prober").build()).getPid();
      for (int i = 0; i < count; i++) {
        String name = "c" + i;
        // The prober spins before the container exists, so only the exec's return path (a few
        // ms) adds to the figure: it is an upper bound.
        java.util.concurrent.CompletableFuture<Long> reached = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          LabSwarm.check(lab.exec("h1", "nsenter", "-t", Integer.toString(prober), "-n", "-m", "-u",
              "sh", "-c", "until ping -c 1 -W 1 " + name + " >/dev/null 2>&1; do usleep 2000; done"), "probe " + name);
          return System.nanoTime();
        });
        Lab.sleep(Duration.ofMillis(300));
        long sent = System.nanoTime();
        client.containers().run(ContainerSpec.newBuilder().setName(name).addCommand("sleep").addCommand("1d")
            .addNetworks(NetworkAttachmentSpec.newBuilder().setNetwork("benchnet")).build());
        ms[i] = (reached.join() - sent) / 1e6;
      }
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    line(out, "## Container start → reachable by name from another container (" + count + " containers)");
    line(out, "");
    line(out, "Measured from the run request leaving the client to the prober's first ping reply by name "
        + "(DNS through the embedded server, ARP, ICMP), one container at a time on one lab host; the prober "
        + "polls every 2 ms and its exec's return path is included, so these are upper bounds.");
    line(out, "");
    line(out, String.format("p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, worst %.0f ms", pct(sorted, 50), pct(sorted, 90),
        pct(sorted, 99), sorted[sorted.length - 1]));
    line(out, "");
    line(out, "Docker, measured earlier on this kind of machine (DATAPLANE.md; overlay, `docker run` on another host "
        + "→ name resolves 0.31 s, first ping 0.54 s): not the same run or setup, for orientation only.");
    line(out, "");
  }

  /** Replacing the whole table with N published ports: render + nft -f, median of 10. */
  static void nftTable(StringBuilder out) {
    CommandRunner runner = new ProcessRunner();
    String ns = "weft-bench-nft";
    runner.run(List.of("ip", "netns", "del", ns), "");
    check(runner.run(List.of("ip", "netns", "add", ns), ""), "ip netns add");
    try {
      line(out, "## Replacing the nftables table (render + `nft -f`), median of 10, in a throwaway namespace");
      line(out, "");
      line(out, "| published ports | median ms | p90 ms | ratio to 10 ports |");
      line(out, "|---|---|---|---|");
      double base = 0;
      for (int ports : new int[] {10, 100, 1000}) {
        List<PortRule> rules = new ArrayList<>();
        for (int i = 0; i < ports; i++) {
          rules.add(new PortRule("", 20000 + i, "tcp", "198.19." + (i / 250) + "." + (2 + i % 250), 80));
        }
        List<BridgeRule> bridges = List.of(new BridgeRule("wbbench000000", "198.19.0.0/16", false));
        double[] times = new double[10];
        for (int i = 0; i < times.length; i++) {
          long start = System.nanoTime();
          String script = HostNatRenderer.render("weft_bench", bridges, rules);
          check(runner.run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), script), "nft -f");
          times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        double median = pct(times, 50);
        if (ports == 10) {
          base = median;
        }
        line(out, String.format("| %d | %.1f | %.1f | %.2f |", ports, median, pct(times, 90), median / base));
      }
      line(out, "");
    } finally {
      runner.run(List.of("ip", "netns", "del", ns), "");
    }
  }

  private static void check(CommandRunner.Result r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException(what + " failed: " + r.stderr());
    }
  }

  static double pct(double[] sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }


}
