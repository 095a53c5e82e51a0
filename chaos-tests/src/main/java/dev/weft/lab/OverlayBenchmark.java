package dev.weft.lab;

import static dev.weft.lab.BenchReport.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.DaemonClient;
import dev.weft.proto.ContainerRef;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.NetworkAttachmentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The overlay benchmark (not a test), side by side in one run on two lab hosts: (1) TCP
 * throughput between the hosts over the underlay and over an overlay network (iperf3, medians,
 * ratio); (2) endpoint propagation: from the run request on h2 until a container on h1 resolves
 * the new name, and until it answers a ping, over many containers. Prints the figures and writes
 * a Markdown report. Usage: {@code OverlayBenchmark [containers] [report-path]}.
 */
public final class OverlayBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** iperf3 runs per path and stream count; medians are quoted. */
  static final int THROUGHPUT_RUNS = 5;
  static final int IPERF_SECONDS = 5;

  private OverlayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path report = Path.of(args.length > 1 ? args[1] : "target/bench/overlay.md");
    Path repo = Path.of(System.getProperty("weft.repo", ".")).toAbsolutePath();
    StringBuilder out = new StringBuilder();
    BenchReport.header(out, "weft overlay benchmark", "two lab hosts (containers) on one veth bridge");
    try (Lab lab = Lab.start(repo, "weft-bench-overlay", 2, 122, "")) {
      LabSwarm.form(lab, List.of("h1"), List.of("h2"));
      LabSwarm.check(lab.weft("h1", "network", "create", "-d", "overlay", "--attachable", "benchnet"), "network create");
      throughput(lab, out);
      propagation(lab, count, out);
    }
    BenchReport.write(out, report);
    System.exit(0);
  }

  static void throughput(Lab lab, StringBuilder out) {
    LabSwarm.check(lab.weft("h2", "run", "-d", "--name", "iperf-srv", "--network", "benchnet", "--",
        "iperf3", "-s"), "iperf server container");
    LabSwarm.check(lab.weft("h1", "run", "-d", "--name", "iperf-cli", "--network", "benchnet", "--", "sleep", "1d"),
        "iperf client container");
    lab.exec("h2", "sh", "-c", "iperf3 -s -D -B " + lab.address("h2"));
    String overlayIp = ip(lab, "h2", "iperf-srv", "benchnet");
    Await.until("iperf client reaches the server over the overlay", Duration.ofSeconds(10),
        () -> lab.weft("h1", "exec", "iperf-cli", "ping", "-c", "1", "-W", "1", overlayIp).getExitCode() == 0, () -> "");
    line(out, "## TCP throughput between two hosts (iperf3, " + IPERF_SECONDS + " s runs, median of " + THROUGHPUT_RUNS
        + ", underlay and overlay alternating)");
    line(out, "");
    line(out, "| iperf3 ends | streams | path | median Gbit/s | runs | overlay / underlay |");
    line(out, "|---|---|---|---|---|---|");
    for (Placement placement : Placement.values()) {
      for (int streams : new int[] {1, 2}) {
        double[] underlay = new double[THROUGHPUT_RUNS];
        double[] overlay = new double[THROUGHPUT_RUNS];
        for (int i = 0; i < THROUGHPUT_RUNS; i++) {
          underlay[i] = gbps(LabSwarm.check(lab.exec("h1", placement.client(List.of("iperf3"), streams, lab.address("h2"))),
              "iperf3 underlay"));
          overlay[i] = gbps(LabSwarm.check(lab.weft("h1", placement.client(List.of("exec", "iperf-cli", "iperf3"), streams, overlayIp)),
              "iperf3 overlay"));
        }
        Arrays.sort(underlay);
        Arrays.sort(overlay);
        double u = LocalBenchmark.pct(underlay, 50);
        double o = LocalBenchmark.pct(overlay, 50);
        line(out, String.format("| %s | %d | underlay (host to host) | %.2f | %s | |", placement.label, streams, u,
            Arrays.toString(round(underlay))));
        line(out, String.format("| %s | %d | overlay (container to container, VXLAN) | %.2f | %s | **%.2f** |",
            placement.label, streams, o, Arrays.toString(round(overlay)), o / u));
      }
    }
    line(out, "");
    line(out, "Target: overlay / underlay ≥ 0.9. Both lab hosts share this machine's two cores. With \"one core per"
        + " host\" the client runs on CPU 0 and the server on CPU 1 (iperf3 -A 0,1), as on two machines; with \"shared"
        + " cores\" the scheduler places both ends, and may put them on one core for a while.");
    line(out, "");
  }

  /**
   * Where the two iperf3 ends run. The lab's hosts are containers on one two-core machine, so
   * without pinning the scheduler can run client and server on the same core, which two real
   * hosts never do; pinning gives each host a core of its own. Both placements are measured.
   */
  enum Placement {
    CORE_PER_HOST("one core per host", List.of("-A", "0,1")),
    SHARED("shared cores", List.of());

    final String label;
    private final List<String> affinity;

    Placement(String label, List<String> affinity) {
      this.label = label;
      this.affinity = affinity;
    }

    /** The iperf3 client command line, after {@code prefix} (the command that runs iperf3). */
    String[] client(List<String> prefix, int streams, String server) {
      List<String> args = new ArrayList<>(prefix);
      args.addAll(List.of("-J", "-P", Integer.toString(streams), "-t", Integer.toString(IPERF_SECONDS)));
      args.addAll(affinity);
      args.addAll(List.of("-c", server));
      return args.toArray(String[]::new);
    }
  }

  /** Run request on h2 → the prober on h1 resolves the name / gets a ping reply. */
  static void propagation(Lab lab, int count, StringBuilder out) {
    LabSwarm.check(lab.weft("h1", "run", "-d", "--name", "prober", "--network", "benchnet", "--", "sleep", "1d"),
        "prober");
    double[] resolve = new double[count];
    double[] ping = new double[count];
    try (DaemonClient h1 = lab.host("h1").client(); DaemonClient h2 = lab.host("h2").client()) {
      String prober = Integer.toString(h1.containers().inspect(ContainerRef.newBuilder().setRef("prober").build()).getPid());
      for (int i = 0; i < count; i++) {
        String name = "p" + i;
        CompletableFuture<Long> resolved = CompletableFuture.supplyAsync(() -> probe(lab, prober,
            "until nslookup " + name + " >/dev/null 2>&1; do usleep 2000; done", name));
        CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> probe(lab, prober,
            "until ping -c 1 -W 1 " + name + " >/dev/null 2>&1; do usleep 2000; done", name));
        Lab.sleep(Duration.ofMillis(400));
        // Wall clock on purpose: the probe's end is read on h1 (adjtimex), and only the wall clock is
        // shared between this JVM and the lab hosts.
        long sent = System.currentTimeMillis();
        h2.containers().run(ContainerSpec.newBuilder().setName(name).addCommand("sleep").addCommand("1d")
            .addNetworks(NetworkAttachmentSpec.newBuilder().setNetwork("benchnet")).build());
        resolve[i] = resolved.join() - sent;
        ping[i] = answered.join() - sent;
      }
    }
    Arrays.sort(resolve);
    Arrays.sort(ping);
    line(out, "## Endpoint propagation across hosts (" + count + " containers)");
    line(out, "");
    line(out, "From the run request leaving the client on h2 until a container on h1 first resolves the new name "
        + "(embedded DNS fed by gossip) and first gets a ping reply (VXLAN FDB/neighbour entries programmed); the "
        + "prober polls every 2 ms and notes the wall-clock time on h1 when it succeeds (the lab hosts share this "
        + "machine's clock), so the exec's return path is not counted.");
    line(out, "");
    line(out, "| | p50 ms | p90 ms | p99 ms | worst ms | Docker Swarm median (this machine, earlier) | ratio p50 |");
    line(out, "|---|---|---|---|---|---|---|");
    line(out, String.format("| name resolves | %.0f | %.0f | %.0f | %.0f | 310 | %.2f |", LocalBenchmark.pct(resolve, 50),
        LocalBenchmark.pct(resolve, 90), LocalBenchmark.pct(resolve, 99), resolve[count - 1],
        LocalBenchmark.pct(resolve, 50) / 310));
    line(out, String.format("| first ping reply | %.0f | %.0f | %.0f | %.0f | 540 | %.2f |", LocalBenchmark.pct(ping, 50),
        LocalBenchmark.pct(ping, 90), LocalBenchmark.pct(ping, 99), ping[count - 1], LocalBenchmark.pct(ping, 50) / 540));
    line(out, "");
    line(out, "Targets: p50 ≤ 150 ms to resolve, ≤ 300 ms to answer. Docker's figures are from the issue, measured "
        + "the same way on this machine, not in this run.");
    line(out, "");
  }

  /** Runs {@code loop} in the prober's namespaces on h1; returns the epoch milliseconds on h1 when it ended. */
  private static long probe(Lab lab, String pid, String loop, String name) {
    String out = LabSwarm.check(lab.exec("h1", "sh", "-c", "nsenter -t " + pid + " -n -m -u sh -c '" + loop + "'"
        + " && adjtimex | awk '/tv_sec/ {s = $2} /tv_usec/ {u = $2} END {printf \"%.0f\\n\", s * 1000 + int(u / 1000)}'"),
        "probe " + name);
    return Long.parseLong(out.trim());
  }

  private static double gbps(String iperfJson) {
    try {
      JsonNode end = JSON.readTree(iperfJson).path("end").path("sum_received");
      return end.path("bits_per_second").asDouble() / 1e9;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double[] round(double[] values) {
    return Arrays.stream(values).map(v -> Math.round(v * 100) / 100.0).toArray();
  }

  static String ip(Lab lab, String host, String container, String network) {
    try {
      JsonNode c = JSON.readTree(LabSwarm.check(lab.weft(host, "inspect", container), "inspect")).get(0);
      return c.get("NetworkSettings").get("Networks").get(network).get("IPAddress").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
