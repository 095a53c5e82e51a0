package dev.weft.lab;

import static dev.weft.lab.BenchReport.line;

import dev.weft.cli.DaemonClient;
import dev.weft.proto.NodeRef;
import dev.weft.proto.NodeState;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The control-plane benchmark (not a test): on three lab managers, write throughput and latency
 * (p50/p99) of node updates through the CLI's API, the same for reads (node inspect), and leader failover time — kill -9 of the
 * leader's daemon to the first acknowledged write sent after it — over several rounds.
 *
 * <p>Prints the figures and writes them to a Markdown report. Usage:
 * {@code ControlBenchmark [rounds] [seconds-per-write-run] [report-path]}.
 */
public final class ControlBenchmark {
  /** Docker Swarm, 3 managers, measured on this kind of machine (DATAPLANE.md): kill -9 of the
   * leader to the first accepted write, median. Not measured in the same run. */
  static final double SWARM_FAILOVER_MEDIAN_MS = 11_800;

  private ControlBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path report = Path.of(args.length > 2 ? args[2] : "target/bench/control-api.md");
    Path repo = Path.of(System.getProperty("weft.repo", ".")).toAbsolutePath();
    List<String> managers = List.of("h1", "h2", "h3");
    StringBuilder out = new StringBuilder();
    try (Lab lab = Lab.start(repo, "weft-bench", 3, 120, "")) {
      LabSwarm.form(lab, managers, List.of());
      Await.until("3 managers Ready", Duration.ofSeconds(30),
          () -> NodeTable.read(lab, "h1").ready() == 3, () -> "");
      line(out, "# weft control-API benchmark");
      line(out, "");
      line(out, "- when: " + Instant.now());
      line(out, "- machine: " + machine());
      line(out, "- cluster: 3 managers, each weftd in its own lab host (container) on one machine; "
          + "client on the machine, through each daemon's unix socket");
      line(out, "");
      line(out, "## Sequential writes (node label updates), " + seconds + " s per run, 3 runs");
      line(out, "");
      line(out, "| via | run | writes/s | p50 ms | p99 ms |");
      line(out, "|---|---|---|---|---|");
      String leader = leader(lab, managers);
      String follower = managers.stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
      writeRun(lab, leader, Duration.ofSeconds(seconds)); // warm-up, not reported
      writeRun(lab, follower, Duration.ofSeconds(seconds));
      for (String via : List.of(leader, follower)) {
        List<double[]> runs = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
          double[] r = writeRun(lab, via, Duration.ofSeconds(seconds));
          runs.add(r);
          line(out, String.format("| %s (%s) | %d | %.0f | %.2f | %.2f |",
              via, via.equals(leader) ? "leader" : "follower", run, r[0], r[1], r[2]));
        }
        line(out, String.format("| %s median | | %.0f | %.2f | %.2f |", via.equals(leader) ? "leader" : "follower",
            median(runs, 0), median(runs, 1), median(runs, 2)));
      }
      line(out, "");
      line(out, "## Sequential reads (node inspect), " + seconds + " s per run, 3 runs");
      line(out, "");
      line(out, "Linearizable on every manager: the leader confirms its leadership with a heartbeat round, a "
          + "follower asks the leader for its commit index and waits until it has applied it (ReadIndex).");
      line(out, "");
      line(out, "| via | run | reads/s | p50 ms | p99 ms |");
      line(out, "|---|---|---|---|---|");
      readRun(lab, follower, Duration.ofSeconds(seconds)); // warm-up, not reported
      for (String via : List.of(leader, follower)) {
        List<double[]> runs = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
          double[] r = readRun(lab, via, Duration.ofSeconds(seconds));
          runs.add(r);
          line(out, String.format("| %s (%s) | %d | %.0f | %.2f | %.2f |",
              via, via.equals(leader) ? "leader" : "follower", run, r[0], r[1], r[2]));
        }
        line(out, String.format("| %s median | | %.0f | %.2f | %.2f |", via.equals(leader) ? "leader" : "follower",
            median(runs, 0), median(runs, 1), median(runs, 2)));
      }
      line(out, "");
      line(out, "## Leader failover: kill -9 of the leader's weftd → first acknowledged write sent after it");
      line(out, "");
      line(out, "| round | killed | failover ms |");
      line(out, "|---|---|---|");
      List<Double> failovers = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        Failover f = failoverRound(lab, managers);
        failovers.add(f.ms());
        line(out, String.format("| %d | %s | %.0f |", round, f.killed(), f.ms()));
      }
      double[] sorted = failovers.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = percentile(sorted, 50);
      line(out, "");
      line(out, String.format("failover over %d rounds: median %.0f ms, p90 %.0f ms, worst %.0f ms",
          rounds, median, percentile(sorted, 90), sorted[sorted.length - 1]));
      line(out, String.format("ratio to Docker Swarm's median of %.0f ms (3 managers, measured earlier on this kind of "
          + "machine, not in this run): %.3f", SWARM_FAILOVER_MEDIAN_MS, median / SWARM_FAILOVER_MEDIAN_MS));
    }
    BenchReport.write(out, report);
    System.exit(0);
  }

  /** One run of sequential writes: {writes/s, p50 ms, p99 ms}. */
  static double[] writeRun(Lab lab, String via, Duration length) {
    LabelWriter writer = new LabelWriter(lab, List.of(via), "h1", 16);
    writer.writeOnce();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    int failed = 0;
    while (System.nanoTime() < end) {
      if (!writer.writeOnce()) {
        failed++;
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    writer.close();
    List<LabelWriter.Ack> acks = writer.acks().subList(1, writer.acks().size());
    if (failed > 0) {
      throw new IllegalStateException(failed + " writes failed during a throughput run");
    }
    double[] latencies = acks.stream().mapToDouble(a -> a.latencyNanos() / 1e6).sorted().toArray();
    return new double[] {acks.size() / elapsed, percentile(latencies, 50), percentile(latencies, 99)};
  }

  /** One run of sequential reads of one node through {@code via}: {reads/s, p50 ms, p99 ms}. */
  static double[] readRun(Lab lab, String via, Duration length) {
    List<Double> latencies = new ArrayList<>();
    try (DaemonClient client = lab.host(via).client()) {
      NodeRef ref = NodeRef.newBuilder().setRef("h1").build();
      long start = System.nanoTime();
      long end = start + length.toNanos();
      while (System.nanoTime() < end) {
        long sent = System.nanoTime();
        client.control().getNode(ref);
        latencies.add((System.nanoTime() - sent) / 1e6);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new double[] {sorted.length / elapsed, percentile(sorted, 50), percentile(sorted, 99)};
    }
  }

  /** Kills the leader under writes; returns the failover time in ms; restarts it and waits for it. */
  record Failover(String killed, double ms) {}

  static Failover failoverRound(Lab lab, List<String> managers) throws InterruptedException {
    String leader = leader(lab, managers);
    LabelWriter writer = new LabelWriter(lab, managers, "h1".equals(leader) ? "h2" : "h1");
    Thread writing = new Thread(writer, "bench-writer");
    writing.start();
    Await.until("writes flowing", Duration.ofSeconds(10), () -> writer.acks().size() >= 10, () -> "");
    lab.killDaemon(leader);
    long killedAt = System.nanoTime(); // the daemon is dead once the kill command returns
    Await.until("a write after the kill", Duration.ofSeconds(30),
        () -> writer.firstAckOfWriteSentAfter(killedAt).isPresent(), () -> "");
    writer.stop();
    writing.join();
    double ms = writer.firstAckOfWriteSentAfter(killedAt).orElseThrow() / 1e6;
    System.out.printf("killed leader %s: failover %.0f ms%n", leader, ms);
    lab.startDaemon(leader);
    lab.awaitDaemon(leader, Duration.ofSeconds(60));
    String other = managers.stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
    Await.until(leader + " Ready", Duration.ofSeconds(60),
        () -> NodeTable.read(lab, other).state(leader) == NodeState.NODE_STATE_READY
            && NodeTable.read(lab, leader).ready() == 3, () -> lab.daemonLog(leader));
    return new Failover(leader, ms);
  }

  static String leader(Lab lab, List<String> managers) {
    for (String m : managers) {
      var table = NodeTable.tryRead(lab, m);
      if (table.isPresent() && table.get().leaders().size() == 1) {
        return table.get().leaders().get(0);
      }
    }
    throw new IllegalStateException("no leader");
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double median(List<double[]> runs, int column) {
    double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }

  private static String machine() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (IOException e) {
      // leave unknown
    }
    long memGiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() >> 30;
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGiB + " GiB, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", client JVM "
        + System.getProperty("java.version");
  }

}
