package dev.weft.gossip.bench;

import dev.weft.gossip.GossipConfig;
import dev.weft.gossip.GossipNode;
import dev.weft.gossip.GossipSettings;
import dev.weft.gossip.table.Change;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How long an endpoint takes to reach every participant of a network: starts {@code members}
 * gossip nodes in this JVM on 127.0.0.1 (random ports in 20000–32000) with {@link #SETTINGS}, has
 * each publish one endpoint on one network so that all participate, then {@code rounds} times
 * publishes a probe endpoint on one member and measures until every member's listener has
 * delivered it, then withdraws it and measures until every member has delivered the removal.
 * Prints p50/p90/max of both, in milliseconds.
 *
 * <p>Run: {@code java -cp <gossip classpath> dev.weft.gossip.bench.GossipConvergence [members]
 * [rounds] [seed]}; defaults 50, 10 and the time. Stops by itself (about 20–40 s on two cores)
 * and exits 1 with the state it reached if a phase times out. All members share two cores here, so
 * the figures are an upper bound for a real LAN.
 */
public final class GossipConvergence {
  private static final String NETWORK = "bench-net";
  private static final String HOST = "127.0.0.1";
  private static final long ROUND_TIMEOUT_SECONDS = 15;
  private static final long CLOSE_TIMEOUT_SECONDS = 15;
  /**
   * LAN, but with failure detection and membership gossip slowed down: ping every 2 s with a 1 s
   * timeout, suspicion x5, gossip every 200 ms. All fifty members share one JVM on two cores, so each
   * core carries 25 members' SWIM traffic; at LAN's pace (ping 200 ms, timeout 100 ms) a busy
   * machine delays pings past their timeout and ScaleCube starts suspecting members that are fine.
   * The measured path (a direct push to every participant, anti-entropy every second, participation
   * in weft's hellos) uses LAN's values, and does not depend on these.
   */
  static final GossipSettings SETTINGS = new GossipSettings(Duration.ofSeconds(2), Duration.ofSeconds(1),
      Duration.ofMillis(200), GossipSettings.LAN.gossipFanout(), 5, GossipSettings.LAN.syncInterval(),
      GossipSettings.LAN.antiEntropyInterval(), GossipSettings.LAN.deadRetention());

  private final ConcurrentMap<String, CountDownLatch> pending = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, long[]> arrivals = new ConcurrentHashMap<>();
  private final List<GossipNode> nodes = new ArrayList<>();
  private final SplittableRandom random;
  private final int members;
  private final GossipSettings settings;

  private GossipConvergence(int members, long seed, GossipSettings settings) {
    this.members = members;
    this.random = new SplittableRandom(seed);
    this.settings = settings;
  }

  public static void main(String[] args) throws InterruptedException {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
    System.out.printf("gossip convergence: %d members, %d rounds, seed %d, %s%n", members, rounds, seed,
        "LAN settings but ping 2 s / 1 s, suspicion x5, gossip 200 ms");
    GossipConvergence bench = new GossipConvergence(members, seed, SETTINGS);
    int status = 0;
    try {
      bench.run(rounds);
    } catch (IllegalStateException e) {
      System.out.println("FAILED: " + e.getMessage());
      status = 1;
    } finally {
      bench.closeAll();
    }
    System.exit(status); // a member stuck in shutdown must not keep the benchmark running
  }

  private void run(int rounds) throws InterruptedException {
    long t0 = System.nanoTime();
    for (int i = 0; i < members; i++) {
      List<InetSocketAddress> seeds = nodes.isEmpty() ? List.of()
          : List.of(InetSocketAddress.createUnresolved(HOST, nodes.get(random.nextInt(Math.min(nodes.size(), 3)))
              .config().port()));
      nodes.add(startNode("bench-" + i, seeds));
    }
    awaitAll("membership", () -> nodes.stream().allMatch(n -> n.members() == members),
        () -> "members seen " + nodes.stream().map(GossipNode::members).toList());
    System.out.printf("  %d members up and seeing each other in %d ms%n", members, millisSince(t0));

    long t1 = System.nanoTime();
    for (int i = 0; i < members; i++) {
      publish(nodes.get(i), "ep-" + i, i);
    }
    awaitAll("participation", () -> nodes.stream().allMatch(n -> n.live(NETWORK).size() == members),
        () -> "endpoints seen " + nodes.stream().map(n -> n.live(NETWORK).size()).toList());
    System.out.printf("  every member holds all %d endpoints %d ms after the first was published (all at once);"
        + " members seen %s, peers seen %s%n", members, millisSince(t1),
        range(nodes.stream().mapToInt(GossipNode::members).toArray()),
        range(nodes.stream().mapToInt(n -> n.peers(NETWORK).size()).toArray()));

    double[] publish = new double[rounds];
    double[] withdraw = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      GossipNode origin = nodes.get(random.nextInt(members));
      String probe = "probe-" + r;
      int host = 200 + r % 50;
      publish[r] = measure(probe + "+", () -> publish(origin, probe, host));
      withdraw[r] = measure(probe + "-", () -> origin.withdraw(NETWORK, probe));
    }
    report("publish -> all " + members + " have it", publish);
    report("withdraw -> all " + members + " removed it", withdraw);
  }

  /** Runs {@code action} and returns the milliseconds until every member delivered {@code key}. */
  private double measure(String key, Runnable action) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(members);
    pending.put(key, latch);
    arrivals.put(key, new long[] {0});
    long start = System.nanoTime();
    action.run();
    if (!latch.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      String endpointId = key.substring(0, key.length() - 1);
      boolean added = key.endsWith("+");
      List<String> missing = nodes.stream()
          .filter(n -> n.live(NETWORK).stream().anyMatch(r -> r.endpointId().equals(endpointId)) != added)
          .map(n -> n.config().nodeId() + "(members " + n.members() + ", peers " + n.peers(NETWORK).size() + ")")
          .toList();
      throw new IllegalStateException(key + ": only " + (members - latch.getCount()) + " of " + members
          + " members within " + ROUND_TIMEOUT_SECONDS + " s; still missing on " + missing);
    }
    pending.remove(key);
    return (arrivals.remove(key)[0] - start) / 1e6;
  }

  private GossipNode startNode(String nodeId, List<InetSocketAddress> seeds) {
    UncheckedIOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      GossipConfig config = new GossipConfig(nodeId, HOST, 20_000 + random.nextInt(12_000), HOST,
          "198.19." + (nodes.size() / 250) + "." + (nodes.size() % 250 + 1), 1, seeds);
      try {
        return GossipNode.start(config, settings, this::onChange,
            () -> System.nanoTime() / 1_000_000, new SplittableRandom(random.nextLong()));
      } catch (UncheckedIOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Counts a member's delivery of a probe's addition ({@code +}) or removal ({@code -}). */
  private void onChange(String networkId, List<Change> changes) {
    long now = System.nanoTime();
    for (Change change : changes) {
      String suffix = change instanceof Change.Removed ? "-" : change instanceof Change.Added ? "+" : null;
      if (suffix == null) {
        continue;
      }
      String key = change.record().endpointId() + suffix;
      CountDownLatch latch = pending.get(key);
      long[] last = arrivals.get(key);
      if (latch != null && last != null) {
        synchronized (last) {
          last[0] = Math.max(last[0], now);
        }
        latch.countDown();
      }
    }
  }

  private static void publish(GossipNode node, String endpointId, int host) {
    node.publish(NETWORK, endpointId, "198.18." + (host / 250) + "." + (host % 250 + 1),
        String.format("02:42:c6:12:%02x:%02x", host / 256, host % 256), "ctr-" + endpointId, List.of());
  }

  private static void awaitAll(String what, BooleanSupplier condition, Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not reached within 30 s: " + state.get());
      }
      Thread.sleep(200);
    }
  }

  private static void report(String what, double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    System.out.printf("  %s: p50 %.1f ms, p90 %.1f ms, max %.1f ms over %d rounds %s%n", what,
        percentile(sorted, 50), percentile(sorted, 90), sorted[sorted.length - 1], sorted.length,
        format(millis));
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static String range(int[] values) {
    int min = Arrays.stream(values).min().orElse(0);
    int max = Arrays.stream(values).max().orElse(0);
    return min == max ? String.valueOf(min) : min + "-" + max;
  }

  private static String format(double[] values) {
    StringBuilder b = new StringBuilder("[");
    for (double v : values) {
      b.append(b.length() > 1 ? " " : "").append(String.format("%.1f", v));
    }
    return b.append(']').toString();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Closes every member in parallel, giving up after {@value #CLOSE_TIMEOUT_SECONDS} s. */
  private void closeAll() {
    Thread closer = new Thread(() -> nodes.parallelStream().forEach(n -> {
      try {
        n.close();
      } catch (RuntimeException e) {
        System.out.println("closing " + n.config().nodeId() + ": " + e);
      }
    }), "bench-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
