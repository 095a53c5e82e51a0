package dev.weft.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.lab.Await;
import dev.weft.lab.Lab;
import dev.weft.lab.LabCli;
import dev.weft.lab.LabSwarm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The seed's "overlay network for standalone containers" on four lab hosts (managers h1, h3, h4,
 * so the leader can be killed; h2 a worker, which sees a swarm network only while it has an
 * endpoint on it): an attachable overlay across hosts by name, isolation, internal overlays,
 * refusals, weft_gwbridge's ICC off, and the faults: a 30 s partition, kill -9 of an agent, the
 * leader's death, 20% underlay loss while containers come and go.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DumpOnFailure.class)
class OverlayChaos {
  static final ObjectMapper JSON = new ObjectMapper();
  static Lab lab;

  @BeforeAll
  static void startLab() {
    lab = LabFixture.start("overlay", 4, "");
    DumpOnFailure.lab = lab;
    LabSwarm.form(lab, List.of("h1", "h3", "h4"), List.of("h2"));
  }

  @AfterAll
  static void stopLab() {
    if (lab != null && !Boolean.getBoolean("weft.chaos.keep")) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void standaloneContainersReachEachOtherAcrossHostsByName() throws Exception {
    ok("h1", "network", "create", "--driver=overlay", "--attachable", "test-net");
    ok("h1", "run", "-d", "--name", "alpine1", "--network", "test-net", "--", "sleep", "1d");
    assertFalse(ok("h2", "network", "ls").contains("test-net"), "h2 has no endpoint on test-net yet");
    ok("h2", "run", "-d", "--name", "alpine2", "--network", "test-net", "--", "sleep", "1d");
    String idOnH1 = ok("h1", "network", "ls", "-q", "--no-trunc", "--filter", "name=test-net").strip();
    String idOnH2 = ok("h2", "network", "ls", "-q", "--no-trunc", "--filter", "name=test-net").strip();
    assertEquals(idOnH1, idOnH2, "one network, one id, on every host");

    awaitOk("h1", "exec", "alpine1", "ping", "-c", "2", "-W", "2", "alpine2");
    awaitOk("h2", "exec", "alpine2", "ping", "-c", "1", "-W", "2", "alpine1");
    lab.exec("h2", "sh", "-c", "mkdir -p /tmp/www && echo over-the-overlay > /tmp/www/index.html");
    ok("h2", "run", "-d", "--name", "web2", "--network", "test-net", "--", "httpd", "-f", "-p", "80", "-h", "/tmp/www");
    // TCP across hosts with nc (this busybox's wget crashes on these machines, even on the host).
    String web2 = ip("h2", "web2", "test-net");
    awaitOutput("h1", "over-the-overlay", "exec", "alpine1", "sh", "-c",
        "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + web2 + " 80");
    // weft_gwbridge has ICC off: its containers get out and reach the DNS through it, not each other.
    String web2Gateway = ip("h2", "web2", "weft_gwbridge");
    awaitOk("h2", "exec", "alpine2", "ping", "-c", "1", "-W", "2", web2);
    assertNotEquals(0, lab.weft("h2", "exec", "alpine2", "ping", "-c", "2", "-W", "1", web2Gateway).getExitCode(),
        "alpine2 must not reach web2 through weft_gwbridge (" + web2Gateway + ")");

    JsonNode net = JSON.readTree(ok("h2", "network", "inspect", "test-net")).get(0);
    assertEquals("swarm", net.get("Scope").asText());
    assertTrue(net.get("Containers").toString().contains("alpine2"), net.toString());
    assertTrue(net.get("Peers").toString().contains(lab.address("h1")), "Peers must list h1: " + net);
    assertEquals("1450", net.get("Options").get("com.docker.network.driver.mtu").asText(), net.toString());

    ok("h2", "rm", "-f", "alpine2", "web2");
    assertFalse(ok("h2", "network", "ls").contains("test-net"), "test-net leaves h2 with its last container");
    // The ingress network's sandbox stays: every node has it, for the routing mesh (as Docker's ingress-sbox).
    String ingressSandbox = "-o" + JSON.readTree(ok("h1", "network", "inspect", "ingress")).get(0).get("Id").asText()
        .substring(0, 11);
    String sandboxes = ok("h2", "sh-netns");
    assertTrue(sandboxes.lines().filter(l -> l.contains("-o")).allMatch(l -> l.contains(ingressSandbox)),
        "no overlay sandbox but the ingress network's left on h2: " + sandboxes);
  }

  @Test
  @Order(2)
  void overlaysAreIsolatedAndInternalOnesHaveNoWayOut() {
    ok("h1", "network", "create", "-d", "overlay", "--attachable", "other-net");
    ok("h1", "network", "create", "-d", "overlay", "--attachable", "--internal", "closed-net");
    ok("h2", "run", "-d", "--name", "b2", "--network", "test-net", "--", "sleep", "1d");
    ok("h2", "run", "-d", "--name", "o2", "--network", "other-net", "--", "sleep", "1d");
    ok("h3", "run", "-d", "--name", "o3", "--network", "other-net", "--", "sleep", "1d");
    ok("h3", "run", "-d", "--name", "c3", "--network", "closed-net", "--", "sleep", "1d");
    awaitOk("h3", "exec", "o3", "ping", "-c", "1", "-W", "2", "o2");
    String b2 = ip("h2", "b2", "test-net");
    assertNotEquals(0, lab.weft("h3", "exec", "o3", "ping", "-c", "1", "-W", "1", b2).getExitCode(),
        "other-net must not reach test-net");
    assertNotEquals(0, lab.weft("h3", "exec", "o3", "ping", "-c", "1", "-W", "1", "b2").getExitCode());
    awaitOk("h3", "exec", "o3", "ping", "-c", "1", "-W", "2", lab.address("h1"));
    assertNotEquals(0, lab.weft("h3", "exec", "c3", "ping", "-c", "1", "-W", "1", lab.address("h1")).getExitCode(),
        "an internal overlay has no egress");

    ok("h2", "network", "connect", "other-net", "b2");
    awaitOk("h2", "exec", "b2", "ping", "-c", "1", "-W", "1", "o3");
    ok("h2", "network", "disconnect", "other-net", "b2");
    assertNotEquals(0, lab.weft("h2", "exec", "b2", "ping", "-c", "1", "-W", "1", ip("h3", "o3", "other-net"))
        .getExitCode(), "disconnect cuts b2 off other-net");
  }

  @Test
  @Order(3)
  void badInputIsRefusedAndChangesNothing() throws Exception {
    String before = ok("h1", "network", "ls");
    String subnet = JSON.readTree(ok("h1", "network", "inspect", "test-net")).get(0).get("IPAM").get("Config").get(0)
        .get("Subnet").asText();
    refused("overlaps", "network", "create", "-d", "overlay", "--subnet", subnet, "clash");
    refused("/29", "network", "create", "-d", "overlay", "--subnet", "198.18.250.0/30", "tiny");
    refused("cannot be attachable", "network", "create", "-d", "overlay", "--attachable", "--ingress", "ing");
    ExecResult unknown = lab.weft("h2", "run", "-d", "--name", "x", "--network", "no-such-net", "--", "sleep", "1d");
    assertEquals(1, unknown.getExitCode());
    assertTrue(unknown.getStderr().contains("no-such-net"), unknown.getStderr());
    refused("has active endpoints", "network", "rm", "test-net");
    assertEquals(before, ok("h1", "network", "ls"));
  }

  @Test
  @Order(4)
  void aPartitionedHostIsReachableByNameWithinFiveSecondsOfHealing() {
    lab.disconnect("h3");
    Lab.hold(Duration.ofSeconds(30));
    lab.reconnect("h3");
    Duration healed = Await.until("o2 -> o3 after healing", Duration.ofSeconds(5),
        () -> lab.weft("h2", "exec", "o2", "ping", "-c", "1", "-W", "1", "o3").getExitCode() == 0,
        () -> lab.weft("h2", "exec", "o2", "ping", "-c", "1", "-W", "1", "o3").toString());
    System.out.println("partition healed: o2 reached o3 by name " + healed.toMillis() + " ms after reconnecting");
  }

  @Test
  @Order(5)
  void aKilledAgentComesBackWithItsConnectivityAndNoLeakedState() {
    String linksBefore = kernelState("h3");
    lab.killDaemon("h3");
    lab.startDaemon("h3");
    lab.awaitDaemon("h3", Duration.ofSeconds(30));
    awaitOk("h2", "exec", "o2", "ping", "-c", "1", "-W", "1", "o3");
    awaitOk("h3", "exec", "o3", "ping", "-c", "1", "-W", "1", "o2");
    assertEquals(linksBefore, kernelState("h3"), "a restart must leave the same links and namespaces");
  }

  @Test
  @Order(6)
  void theLeadersDeathStopsNeitherForwardingNorNewContainers() {
    String leader = leaderHost();
    String other = "h2";
    String third = List.of("h3", "h4", "h1").stream().filter(h -> !h.equals(leader)).findFirst().orElseThrow();
    ok(other, "run", "-d", "--name", "f-" + other, "--network", "other-net", "--", "sleep", "1d");
    ok(third, "run", "-d", "--name", "f-" + third, "--network", "other-net", "--", "sleep", "1d");
    awaitOk(other, "exec", "f-" + other, "ping", "-c", "1", "-W", "1", "f-" + third);
    lab.killDaemon(leader);
    ok(other, "exec", "f-" + other, "ping", "-c", "3", "-W", "1", "f-" + third);
    Await.until("a new container on " + other + " after the leader died", Duration.ofSeconds(20),
        () -> lab.weft(other, "run", "-d", "--name", "late", "--network", "other-net", "--", "sleep", "1d")
            .getExitCode() == 0, () -> "");
    awaitOk(third, "exec", "f-" + third, "ping", "-c", "1", "-W", "1", "late");
    lab.startDaemon(leader);
    lab.awaitDaemon(leader, Duration.ofSeconds(30));
  }

  /** Last: after the loss stops, TCP connections that backed off take seconds to recover. */
  @Test
  @Order(9)
  void underTwentyPercentLossEveryTableConverges() {
    List<String> hosts = List.of("h2", "h3", "h4");
    String rules = "table inet weftchaos {\n"
        + " chain in { type filter hook input priority -400; iifname \"eth0\" numgen random mod 100 < 20 drop; }\n"
        + " chain out { type filter hook output priority -400; oifname \"eth0\" numgen random mod 100 < 20 drop; }\n}\n";
    try {
      for (String h : hosts) {
        LabSwarm.check(lab.exec(h, "sh", "-c", "printf '" + rules.replace("\n", "\\n") + "' | nft -f -"), "loss on " + h);
      }
      for (String h : hosts) {
        ok(h, "run", "-d", "--name", "probe-" + h, "--network", "test-net", "--", "sleep", "1d");
        for (int i = 0; i < 3; i++) {
          ok(h, "run", "-d", "--name", "l-" + h + "-" + i, "--network", "test-net", "--", "sleep", "1d");
        }
        ok(h, "rm", "-f", "l-" + h + "-0");
      }
      for (String from : hosts) {
        for (String h : hosts) {
          for (int i = 1; i < 3; i++) {
            String name = "l-" + h + "-" + i;
            Await.until(name + " resolves on " + from, Duration.ofSeconds(20),
                () -> lab.weft(from, "exec", "probe-" + from, "nslookup", name).getExitCode() == 0, () -> "");
          }
          Await.until("l-" + h + "-0 is gone on " + from, Duration.ofSeconds(20),
              () -> lab.weft(from, "exec", "probe-" + from, "nslookup", "l-" + h + "-0").getExitCode() != 0, () -> "");
        }
      }
    } finally {
      for (String h : hosts) {
        lab.exec(h, "nft", "delete", "table", "inet", "weftchaos");
      }
    }
  }

  @Test
  @Order(8)
  void anAddressReusedOnAnotherHostIsRepointedEverywhere() throws Exception {
    String subnet = JSON.readTree(ok("h1", "network", "inspect", "test-net")).get(0).get("IPAM").get("Config").get(0)
        .get("Subnet").asText();
    String reused = subnet.substring(0, subnet.lastIndexOf('.') + 1) + "200";
    ok("h3", "run", "-d", "--name", "first", "--network", "test-net", "--ip", reused, "--", "sleep", "1d");
    awaitOk("h2", "exec", "b2", "ping", "-c", "1", "-W", "1", reused);
    ok("h3", "rm", "-f", "first");
    ok("h4", "run", "-d", "--name", "second", "--network", "test-net", "--ip", reused, "--", "sleep", "1d");
    awaitOk("h2", "exec", "b2", "ping", "-c", "1", "-W", "1", "second");
    String vtep = LabSwarm.check(lab.exec("h2", "sh", "-c", "for n in $(ip netns list | awk '/-o/ {print $1}'); do "
        + "bridge -n $n fdb show | grep -i '" + dev.weft.net.Ipv4.macFor(dev.weft.net.Ipv4.parse(reused))
        + "' || true; done"), // not every sandbox (the ingress network's) has the entry
        "fdb on h2");
    assertTrue(vtep.contains("dst " + lab.address("h4")) && !vtep.contains("dst " + lab.address("h3")),
        "the FDB entry must point at h4 now: " + vtep);
  }

  private static String leaderHost() {
    return dev.weft.lab.NodeTable.read(lab, "h1").leaders().get(0);
  }

  /** Links and namespaces on a host, sorted (what a restart must not change). */
  private static String kernelState(String host) {
    return LabSwarm.check(lab.exec(host, "sh", "-c",
        "(ip -o link show | awk -F': ' '{print $2}'; ip netns list | awk '{print $1}') | sort"), "links");
  }

  private static String ok(String host, String... args) {
    if (args.length == 1 && args[0].equals("sh-netns")) {
      return LabSwarm.check(lab.exec(host, "ip", "netns", "list"), "ip netns list");
    }
    return LabCli.ok(lab, host, args);
  }

  private static void awaitOk(String host, String... args) {
    LabCli.awaitOk(lab, host, args);
  }

  private static void awaitOutput(String host, String expected, String... args) {
    LabCli.awaitOutput(lab, host, expected, args);
  }

  private static void refused(String expected, String... args) {
    LabCli.refused(lab, "h1", expected, args);
  }

  private static String ip(String host, String container, String network) {
    return LabCli.ip(lab, host, container, network);
  }
}
