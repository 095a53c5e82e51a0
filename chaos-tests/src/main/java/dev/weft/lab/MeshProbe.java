package dev.weft.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services benchmark's routing-mesh prober, one JVM started in a lab host's network namespace
 * ({@code nsenter -n}) before the service is created: one HTTP request per host that has not yet
 * been answered by every task, then {@link #PAUSE}, until each host has been answered by
 * {@code tasks} distinct tasks ({@code task-ID} in the page). It prints {@code ready} once warm,
 * then {@code done <epoch ms> <requests> <cpu ms since ready>}. A shell loop of {@code nc} did the same with
 * three processes per request and took over half a core from the daemons it timed on a 2-core
 * machine; this takes a few percent, so the figure is the daemons' and not the prober's.
 *
 * <p>Times are the wall clock's epoch milliseconds on purpose: the benchmark compares them with
 * times another process took on h1 ({@code adjtimex}), and both read the one kernel's clock.
 *
 * <p>Usage: {@code MeshProbe PORT TASKS TIMEOUT_SECONDS ADDRESS...}
 */
public final class MeshProbe {
  /** Between rounds of requests: the shell prober's {@code usleep 5000}. */
  static final Duration PAUSE = Duration.ofMillis(5);
  /** Connect and read timeout of one request, as {@code nc -w 1}. */
  static final int REQUEST_TIMEOUT_MS = 1000;
  /** Requests to a closed port before {@code ready}, so the loop is compiled before it is timed. */
  static final int WARM_UP = 300;
  private static final byte[] GET = "GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private MeshProbe() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    int tasks = Integer.parseInt(args[1]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
    List<String> addresses = List.of(args).subList(3, args.length);
    for (int i = 0; i < WARM_UP; i++) {
      request(addresses.get(i % addresses.size()), 1);
    }
    System.out.println("ready");
    System.out.flush();
    long cpuAtReady = cpuMillis();
    Map<String, Set<String>> seen = new HashMap<>();
    addresses.forEach(a -> seen.put(a, new HashSet<>()));
    long requests = 0;
    while (System.currentTimeMillis() < deadline) {
      List<String> open = addresses.stream().filter(a -> seen.get(a).size() < tasks).toList();
      if (open.isEmpty()) {
        long at = System.currentTimeMillis();
        System.out.println("done " + at + " " + requests + " " + (cpuMillis() - cpuAtReady));
        return;
      }
      for (String a : open) {
        String task = request(a, port);
        requests++;
        if (task != null) {
          seen.get(a).add(task);
        }
      }
      Thread.sleep(PAUSE.toMillis());
    }
    System.out.println("timeout " + seen);
    System.exit(1);
  }

  private static long cpuMillis() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }

  /** The task that answered, or null when nothing did. */
  static String request(String address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), REQUEST_TIMEOUT_MS);
      s.setSoTimeout(REQUEST_TIMEOUT_MS);
      s.getOutputStream().write(GET);
      InputStream in = s.getInputStream();
      return task(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return null;
    }
  }

  /** The ID after {@code task-} in a page: letters and digits. */
  static String task(String page) {
    int at = page.indexOf("task-");
    if (at < 0) {
      return null;
    }
    int end = at + 5;
    while (end < page.length() && Character.isLetterOrDigit(page.charAt(end))) {
      end++;
    }
    return end > at + 5 ? page.substring(at + 5, end) : null;
  }
}
