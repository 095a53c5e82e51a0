package dev.weft.vxlan.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kernel test (root): two hosts in throwaway namespaces joined by a veth underlay in
 * 198.18.250.0/24, each with an overlay sandbox built from {@link OverlayPlanner}'s plan, and
 * containers attached by {@link OverlayPlanner#endpointLink}. The control plane owns
 * reachability: the FDB entries the plan writes make the containers reach each other, and
 * planning the remote away cuts it off at once; two containers on one host reach each other
 * without any entry.
 */
class OverlayKernelTest {
  private final String tag = Integer.toHexString(new SplittableRandom().nextInt(0x1000, 0xffff));
  private final List<String> namespaces = new ArrayList<>();

  private String ns(String name) {
    String full = "wt" + tag + name;
    namespaces.add(full);
    return full;
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String n : namespaces) {
      run(null, List.of("ip", "netns", "del", n), "", false);
    }
  }

  @Test
  void containersOnTwoHostsReachEachOtherOnlyThroughThePlannedEntries() throws Exception {
    String h1 = ns("h1");
    String h2 = ns("h2");
    for (String h : List.of(h1, h2)) {
      run(null, List.of("ip", "netns", "add", h), "", true);
    }
    run(null, List.of("ip", "-n", h1, "-batch", "-"), String.join("\n",
        "link add ul0 type veth peer name ul0 netns " + h2,
        "addr add 198.18.250.1/24 dev ul0", "link set ul0 up", "link set lo up") + "\n", true);
    run(null, List.of("ip", "-n", h2, "-batch", "-"),
        "addr add 198.18.250.2/24 dev ul0\nlink set ul0 up\nlink set lo up\n", true);

    RemoteEndpoint c1 = new RemoteEndpoint("198.18.130.2", "02:42:c6:12:82:02", "198.18.250.1");
    RemoteEndpoint c2 = new RemoteEndpoint("198.18.130.3", "02:42:c6:12:82:03", "198.18.250.2");
    DesiredSandbox sb1 = sandbox("s1", "198.18.250.1", List.of(c2));
    DesiredSandbox sb2 = sandbox("s2", "198.18.250.2", List.of(c1));
    apply(h1, sb1, ObservedSandbox.ABSENT);
    apply(h2, sb2, ObservedSandbox.ABSENT);
    String k1 = container(sb1, c1, "c1");
    container(sb2, c2, "c2");
    String k3 = container(sb1, new RemoteEndpoint("198.18.130.4", "02:42:c6:12:82:04", "198.18.250.1"), "c3");

    assertEquals(0, ping(k1, c2.ip()), "c1 must reach c2 across the overlay");
    assertEquals(0, ping(k3, c1.ip()), "c3 must reach c1 on the same host");

    // The remote leaves: the plan removes its entries and the path is gone at once.
    ObservedSandbox now = OverlayPlanner.applied(sb1);
    DesiredSandbox without = sandbox("s1", "198.18.250.1", List.of());
    SandboxPlan removal = OverlayPlanner.plan(without, now);
    assertEquals(List.of("neigh del 198.18.130.3 dev " + sb1.vxlan()), removal.sandbox());
    apply(h1, without, now);
    assertNotEquals(0, ping(k1, c2.ip()), "without FDB/neighbour entries c2 must be unreachable");

    apply(h1, sb1, OverlayPlanner.applied(without));
    assertEquals(0, ping(k1, c2.ip()), "re-adding the entries restores the path");
    assertTrue(OverlayPlanner.plan(sb1, OverlayPlanner.applied(sb1)).isEmpty());
  }

  @Test
  void aVxlanWithAnotherVniIsReplacedInPlace() throws Exception {
    String h1 = ns("h1");
    run(null, List.of("ip", "netns", "add", h1), "", true);
    run(null, List.of("ip", "-n", h1, "-batch", "-"), String.join("\n",
        "link add ul0 type veth peer name ul1", "addr add 198.18.250.1/24 dev ul0", "link set ul0 up") + "\n", true);
    DesiredSandbox old = sandbox("s1", "198.18.250.1", List.of());
    apply(h1, old, ObservedSandbox.ABSENT);
    DesiredSandbox renumbered = new DesiredSandbox(old.netns(), old.vxlan(),
        new VxlanSettings(4098, "198.18.250.1", 4789, 1450), List.of());
    SandboxPlan plan = OverlayPlanner.plan(renumbered, OverlayPlanner.applied(old));
    assertEquals(List.of("link del " + old.vxlan()), plan.clear());
    apply(h1, renumbered, OverlayPlanner.applied(old));
    Process p = new ProcessBuilder("ip", "-n", old.netns(), "-d", "link", "show", old.vxlan()).start();
    String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(shown.contains("vxlan id 4098"), shown);
  }

  private DesiredSandbox sandbox(String name, String vtep, List<RemoteEndpoint> remotes) {
    String netns = "wt" + tag + name;
    if (!namespaces.contains(netns)) {
      namespaces.add(netns);
    }
    return new DesiredSandbox(netns, "wx" + tag + name, new VxlanSettings(4097, vtep, 4789, 1450), remotes);
  }

  private void apply(String host, DesiredSandbox want, ObservedSandbox have) throws Exception {
    SandboxPlan plan = OverlayPlanner.plan(want, have);
    if (plan.createNetns()) {
      run(null, List.of("ip", "netns", "add", want.netns()), "", true);
    }
    batch(List.of("ip", "-n", want.netns(), "-batch", "-"), plan.clear());
    batch(List.of("ip", "-n", host, "-batch", "-"), plan.host());
    batch(List.of("bridge", "-n", want.netns(), "-batch", "-"), plan.fdb()); // the order OverlayKernel applies
    batch(List.of("ip", "-n", want.netns(), "-batch", "-"), plan.sandbox());
  }

  private String container(DesiredSandbox sandbox, RemoteEndpoint self, String name) throws Exception {
    String k = ns(name);
    run(null, List.of("ip", "netns", "add", k), "", true);
    run(null, List.of("ip", "-n", sandbox.netns(), "-batch", "-"),
        OverlayPlanner.endpointLink(sandbox.vxlan(), "eth0", self.mac(), 1450, k) + "\n", true);
    run(null, List.of("ip", "-n", k, "-batch", "-"),
        "link set lo up\naddr add " + self.ip() + "/24 dev eth0\nlink set eth0 up\n", true);
    return k;
  }

  private static int ping(String netns, String ip) throws Exception {
    return run(netns, List.of("ping", "-c", "1", "-W", "1", ip), "", false);
  }

  private static void batch(List<String> argv, List<String> lines) throws Exception {
    if (!lines.isEmpty()) {
      run(null, argv, String.join("\n", lines) + "\n", true);
    }
  }

  private static int run(String netns, List<String> command, String stdin, boolean check) throws Exception {
    List<String> argv = new ArrayList<>();
    if (netns != null) {
      argv.addAll(List.of("ip", "netns", "exec", netns));
    }
    argv.addAll(command);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(argv + " did not finish");
    }
    if (check && p.exitValue() != 0) {
      throw new AssertionError(argv + " failed (" + p.exitValue() + "): " + out + "\n" + stdin);
    }
    return p.exitValue();
  }
}
