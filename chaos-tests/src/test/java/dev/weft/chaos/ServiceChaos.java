package dev.weft.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.lab.Await;
import dev.weft.lab.Lab;
import dev.weft.lab.LabCli;
import dev.weft.lab.LabSwarm;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Services on three lab hosts (h1 the manager, h2 and h3 workers), the seed's "user-defined
 * overlay network" walkthrough: replicated tasks spread over the hosts, reached by name, by
 * virtual IP and through the routing mesh on every host; host-mode ports; scaling, global
 * services, draining, a node killed with its tasks, a partitioned node, removal, and refusals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DumpOnFailure.class)
class ServiceChaos {
  private static final Duration CONVERGE = Duration.ofSeconds(15);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  static Lab lab;

  @BeforeAll
  static void startLab() {
    lab = LabFixture.start("service", 3, "");
    DumpOnFailure.lab = lab;
    LabSwarm.form(lab, List.of("h1"), List.of("h2", "h3"));
    for (String h : lab.hostNames()) {
      LabSwarm.check(lab.exec(h, "sh", "-c", "mkdir -p /www && echo served-by-" + h + " > /www/index.html"), "page");
    }
    ok("network", "create", "-d", "overlay", "nginx-net");
  }

  @AfterAll
  static void stopLab() {
    if (lab != null && !Boolean.getBoolean("weft.chaos.keep")) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void fiveReplicasSpreadOverTheHostsAndReachEachOtherByName() {
    String progress = ok("service", "create", "--name", "my-web", "--publish", "target=80,published=8080",
        "--replicas", "5", "--network", "nginx-net", "--", "sh", "-c", WEB_PAGE);
    assertTrue(progress.contains("verify: Service converged"), progress);
    awaitOutput("my-web\\s+replicated\\s+5/5\\s+\\*:8080->80/tcp", "service", "ls");
    String ps = ok("service", "ps", "my-web");
    for (String h : lab.hostNames()) {
      assertTrue(ps.lines().anyMatch(l -> l.contains(" " + h + " ") && l.contains("Running")), "a task on " + h + ":\n" + ps);
    }
    String task = firstTask("h1", "my-web");
    String lookup = LabCli.ok(lab, "h1", "exec", task, "nslookup", "tasks.my-web");
    List<String> addresses = lookup.lines().filter(l -> l.startsWith("Address: ")).map(l -> l.substring(9).strip())
        .toList();
    assertEquals(5, new HashSet<>(addresses).size(), "tasks.my-web gives the five task addresses:\n" + lookup);
    Set<String> servedBy = new HashSet<>();
    for (String ip : addresses) {
      String page = LabCli.ok(lab, "h1", "exec", task, "sh", "-c",
          "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " 80");
      servedBy.add(page.lines().filter(l -> l.startsWith("served-by-")).findFirst().orElse("no answer from " + ip));
    }
    assertEquals(Set.of("served-by-h1", "served-by-h2", "served-by-h3"), servedBy,
        "every task answers across hosts over nginx-net");

    // vip mode: the name is the virtual IP, and connections to it are spread over the tasks.
    String vip = virtualIp("my-web", "nginx-net");
    String name = LabCli.ok(lab, "h1", "exec", task, "nslookup", "my-web");
    assertEquals(List.of(vip), name.lines().filter(l -> l.startsWith("Address: ")).map(l -> l.substring(9).strip())
        .toList(), "my-web resolves to its virtual IP only:\n" + name);
    String pages = LabCli.ok(lab, "h1", "exec", task, "sh", "-c", "for i in $(seq 15); do "
        + "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 my-web 80 | grep served-by; done");
    assertEquals(15, pages.lines().count(), "every request to the virtual IP is answered:\n" + pages);
    assertEquals(Set.of("served-by-h1", "served-by-h2", "served-by-h3"), new HashSet<>(pages.lines().toList()),
        "connections to the virtual IP reach the tasks on every host");

    // The routing mesh: port 8080 answers on every host, and 60 requests reach all five tasks.
    Set<String> tasks = new HashSet<>();
    for (String h : lab.hostNames()) {
      List<String> answers = meshRequests("h1", lab.address(h), 8080, 20);
      assertEquals(20, answers.size(), "every request to " + h + ":8080 is answered: " + answers);
      tasks.addAll(answers);
    }
    assertEquals(5, tasks.size(), "over 60 requests through the mesh every task answers: " + tasks);

    // dnsrr mode: the name gives the task addresses themselves.
    ok("service", "create", "--name", "rr", "--endpoint-mode", "dnsrr", "--replicas", "2", "--network", "nginx-net",
        "--", "sleep", "1d");
    awaitOutput("rr\\s+replicated\\s+2/2", "service", "ls");
    Await.until("rr resolves to its two tasks", CONVERGE, () -> LabCli.ok(lab, "h1", "exec", task, "nslookup", "rr")
        .lines().filter(l -> l.startsWith("Address: ")).count() == 2, () -> LabCli.ok(lab, "h1", "exec", task, "nslookup", "rr"));
    ok("service", "rm", "rr");
  }

  @Test
  @Order(2)
  void scalingDrainingAndGlobalServicesFollowTheSpec() {
    // A rolling update onto another network (one task at a time, Docker's default parallelism).
    ok("network", "create", "-d", "overlay", "nginx-net-2");
    String updated = ok("service", "update", "--network-add", "nginx-net-2", "--network-rm", "nginx-net", "my-web");
    assertTrue(updated.contains("verify: Service converged"), updated);
    for (String h : lab.hostNames()) {
      var result = lab.weft(h, "network", "inspect", "nginx-net"); // a worker without it: "not found"
      String inspect = result.getStdout() + result.getStderr();
      assertTrue(!inspect.contains("my-web."), "no my-web task left on nginx-net on " + h + ":\n" + inspect);
    }
    assertEquals(5, LabCli.ok(lab, "h1", "exec", firstTask("h1", "my-web"), "nslookup", "tasks.my-web").lines()
        .filter(l -> l.startsWith("Address: ")).count(), "the five tasks on nginx-net-2");
    assertEquals(10, meshRequests("h1", lab.address("h2"), 8080, 10).size(), "the mesh follows the new tasks");

    ok("service", "scale", "my-web=2");
    Await.until("my-web down to 2 containers", CONVERGE, () -> containers("my-web.") == 2, () -> ok("service", "ps", "my-web"));
    ok("service", "create", "--name", "agent", "--mode", "global", "--network", "nginx-net", "--", "sleep", "1d");
    Await.until("one agent task per host", CONVERGE,
        () -> lab.hostNames().stream().allMatch(h -> containersOn(h, "agent.") == 1), () -> ok("service", "ps", "agent"));

    String h3 = nodeId("h3");
    ok("node", "update", "--availability", "drain", h3);
    Await.until("h3 drained", CONVERGE, () -> containersOn("h3", "") == 0 && containers("my-web.") == 2
        && containers("agent.") == 2, () -> ok("service", "ps", "my-web", "agent"));
    ok("node", "update", "--availability", "active", h3);
    Await.until("the global service returns to h3", CONVERGE, () -> containersOn("h3", "agent.") == 1,
        () -> ok("service", "ps", "agent"));
    ok("service", "rm", "agent");
  }

  @Test
  @Order(3)
  void theTasksOfAKilledNodeAreReplacedAndItsLeftoversRemovedWhenItReturns() {
    ok("service", "scale", "my-web=3");
    Await.until("3 tasks running", CONVERGE, () -> running("my-web") == 3, () -> ok("service", "ps", "my-web"));
    String victim = ok("service", "ps", "my-web").lines().filter(l -> l.contains(" h2 ") || l.contains(" h3 "))
        .map(l -> l.contains(" h2 ") ? "h2" : "h3").findFirst().orElseThrow();
    lab.killDaemon(victim);
    LabSwarm.check(lab.exec(victim, "sh", "-c", "for p in /proc/[0-9]*; do grep -qx httpd $p/comm 2>/dev/null "
        + "&& kill -9 ${p#/proc/}; done; true"), "kill the tasks"); // the whole node is gone
    Await.until("3 tasks running without " + victim, Duration.ofSeconds(20),
        () -> running("my-web") == 3 && ok("service", "ps", "my-web").lines().noneMatch(l -> l.contains(" " + victim + " ")),
        () -> ok("service", "ps", "my-web"));
    String survivor = victim.equals("h2") ? "h3" : "h2";
    Await.until("the mesh and the virtual IP stop sending to the dead tasks", CONVERGE,
        () -> meshRequests("h1", lab.address(survivor), 8080, 6).size() == 6 && vipRequests(6).size() == 6,
        () -> ok("service", "ps", "my-web"));
    assertEquals(30, meshRequests("h1", lab.address("h1"), 8080, 30).size(), "no request through the mesh fails");
    assertEquals(30, vipRequests(30).size(), "no request to the virtual IP fails");
    lab.startDaemon(victim);
    lab.awaitDaemon(victim, Duration.ofSeconds(30));
    Await.until(victim + " removes the tasks it no longer has", CONVERGE, () -> containersOn(victim, "my-web.") == 0,
        () -> LabCli.ok(lab, victim, "ps", "-a"));
  }

  @Test
  @Order(4)
  void afterAPartitionHealsDnsVirtualIpsAndTheMeshAreRightWithinFiveSeconds() {
    String pid;
    try (var client = lab.host("h1").client()) {
      pid = Integer.toString(client.containers().inspect(dev.weft.proto.ContainerRef.newBuilder()
          .setRef(firstTask("h1", "my-web")).build()).getPid());
    }
    lab.disconnect("h3");
    Lab.hold(Duration.ofSeconds(20));
    // The tasks the managers run now, h3's replaced by then: only their answers count as right (h3's
    // own leftover task, until it is removed, answers too, but a client must not be sent there).
    Await.until("3 tasks running, none on h3", CONVERGE, () -> runningTaskIds("my-web", "h3").size() == 3,
        () -> ok("service", "ps", "my-web"));
    String runningIds = String.join("|", runningTaskIds("my-web", "h3"));
    lab.reconnect("h3");
    // One script on h1, so no exec's latency is counted: rounds of probes until one passes, then
    // rounds for 5 s more, every one of which must pass too (a leftover task being removed must not
    // break anything). A round passes when, from a task on h1, tasks.my-web gives exactly the 3 running
    // tasks and each answers, 10 requests to the virtual IP are all answered, and 10 requests to
    // h3:8080 through the mesh are all answered, every answer from one of the tasks running now. Prints the milliseconds from healing to the end of
    // the first passing round.
    String get = "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n'";
    String inTask = "nsenter -t " + pid + " -n -m -u ";
    String script = "ms() { adjtimex | awk '/tv_sec/ {s = $2} /tv_usec/ {u = $2} END {printf \"%.0f\\n\", s * 1000 + int(u / 1000)}'; }\n"
        + "round() {\n"
        + "  addrs=$(" + inTask + "nslookup tasks.my-web 2>/dev/null | awk '/^Address: / {print $2}')\n"
        + "  why=\"tasks.my-web: $addrs\"; [ $(echo $addrs | wc -w) -eq 3 ] || return 1\n"
        + "  for a in $addrs; do why=\"no answer from $a\"; " + get + " | " + inTask + "nc -w 1 $a 80 | grep -qE '^task-(" + runningIds + ")' || return 1; done\n"
        + "  why='virtual IP'; for i in 1 2 3 4 5 6 7 8 9 10; do " + get + " | " + inTask + "nc -w 1 my-web 80 | grep -qE '^task-(" + runningIds + ")' || return 1; done\n"
        + "  why='mesh on h3'; for i in 1 2 3 4 5 6 7 8 9 10; do " + get + " | nc -w 1 " + lab.address("h3") + " 8080 | grep -qE '^task-(" + runningIds + ")' || return 1; done\n"
        + "}\n"
        + "start=$(ms)\n"
        + "until round; do [ $(($(ms) - start)) -gt 20000 ] && { echo \"never: $why\"; exit 0; }; usleep 50000; done\n"
        + "took=$(($(ms) - start))\n"
        + "while [ $(($(ms) - start - took)) -lt 5000 ]; do round || { echo \"broke after $took: $why\"; exit 0; }; done\n"
        + "echo $took\n";
    String took = LabSwarm.check(lab.exec("h1", "sh", "-c", script), "probe after healing").strip();
    System.out.println("partition healed: DNS, VIP and mesh right after " + took + " ms");
    assertTrue(took.matches("[0-9]+") && Long.parseLong(took) <= 5000,
        "DNS, virtual IP and mesh right within 5 s of healing and staying right, got: " + took + " ms; "
            + ok("service", "ps", "my-web"));
  }

  @Test
  @Order(5)
  void hostModePortsAnswerOnlyOnNodesRunningATask() {
    ok("service", "create", "--name", "hm", "--mode", "global", "--publish", "published=9090,target=80,mode=host",
        "--network", "nginx-net", "--", "sh", "-c", WEB_PAGE);
    for (String h : lab.hostNames()) {
      Await.until(h + ":9090 answers with its own task", CONVERGE, () -> LabSwarm.check(lab.exec("h1", "sh", "-c",
          "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + lab.address(h) + " 9090; true"), "request")
          .contains("served-by-" + h), () -> ok("service", "ps", "hm"));
    }
    ok("node", "update", "--availability", "drain", nodeId("h3"));
    Await.until("h3:9090 closed once its task is gone", CONVERGE, () -> containersOn("h3", "hm.") == 0
        && LabSwarm.check(lab.exec("h1", "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 "
            + lab.address("h3") + " 9090; true"), "request").isBlank(), () -> ok("service", "ps", "hm"));
    ok("node", "update", "--availability", "active", nodeId("h3"));
    ok("service", "rm", "hm");
  }

  @Test
  @Order(6)
  void badInputIsRefusedAndNothingIsStored() {
    String before = ok("service", "ls");
    LabCli.refused(lab, "h1", "network nope not found", "service", "create", "--name", "x", "--network", "nope", "--",
        "sleep", "1d");
    LabCli.refused(lab, "h1", "must not be negative", "service", "create", "--name", "x", "--replicas", "-1", "--",
        "sleep", "1d");
    LabCli.refused(lab, "h1", "replicas can only be used with replicated mode", "service", "create", "--name", "x",
        "--mode", "global", "--replicas", "2", "--", "sleep", "1d");
    LabCli.refused(lab, "h1", "can't be used with dnsrr", "service", "create", "--name", "x", "--endpoint-mode",
        "dnsrr", "-p", "9090:80", "--", "sleep", "1d");
    ok("service", "create", "--name", "holder", "-p", "8081:80", "--network", "nginx-net", "--", "sleep", "1d");
    LabCli.refused(lab, "h1", "already in use by service 'holder'", "service", "create", "--name", "x", "-p",
        "8081:80", "--", "sleep", "1d");
    LabCli.refused(lab, "h1", "already in use by service 'my-web'", "service", "create", "--name", "x", "--publish",
        "published=8080,target=80,mode=host", "--", "sleep", "1d");
    LabCli.refused(lab, "h1", "already exists", "service", "create", "--name", "my-web", "--", "sleep", "1d");
    ok("service", "rm", "holder");
    assertEquals(before, ok("service", "ls"));
  }

  @Test
  @Order(7)
  void serviceLogsGatherEveryTasksLinesFromTheNodesRunningThem() throws Exception {
    ok("service", "create", "--name", "talker", "--replicas", "3", "--", "sh", "-c",
        "for i in 1 2 3; do echo \"line $i of $(hostname)\"; done; while true; do echo tick; sleep 0.3; done");
    List<com.fasterxml.jackson.databind.JsonNode> tasks = new java.util.ArrayList<>();
    for (String line : ok("service", "ps", "--format", "json", "talker").lines().toList()) {
      tasks.add(JSON.readTree(line));
    }
    assertEquals(3, tasks.size());
    String all = ok("service", "logs", "talker");
    for (var t : tasks) {
      String id = t.get("ID").asText();
      String source = t.get("Name").asText() + "." + id.substring(0, 12) + "@" + t.get("Node").asText();
      for (int i = 1; i <= 3; i++) {
        assertTrue(all.contains(source + "    | line " + i + " of " + id), source + " line " + i + " in:\n" + all);
      }
    }
    List<String> last = ok("service", "logs", "--tail", "1", "--no-task-ids", "talker").lines().toList();
    assertEquals(3, last.size(), "one line per task: " + last);
    assertEquals(tasks.stream().map(t -> t.get("Name").asText() + "@" + t.get("Node").asText()).sorted().toList(),
        last.stream().map(l -> l.substring(0, l.indexOf(' '))).sorted().toList());

    var followed = lab.exec("h1", "timeout", "4", "weft", "service", "logs", "-f", "--tail", "0", "talker");
    List<String> lines = followed.getStdout().lines().toList();
    assertTrue(lines.stream().allMatch(l -> l.endsWith("| tick")), "only new lines when following: " + lines);
    for (var t : tasks) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(t.get("Name").asText() + ".")),
          "new lines of " + t.get("Name").asText() + " while following: " + lines);
    }

    // Following also shows tasks that start after the call began, from their first line (Docker's -f).
    var later = CompletableFuture.supplyAsync(() -> lab.exec("h1", "timeout", "8", "weft", "service", "logs", "-f",
        "--tail", "0", "talker"));
    Thread.sleep(2000);
    ok("service", "scale", "talker=4");
    List<String> withNew = later.join().getStdout().lines().toList();
    assertTrue(withNew.stream().anyMatch(l -> l.startsWith("talker.4.") && l.contains("| line 1 of ")),
        "the task added while following shows its lines from the first: " + withNew);
    ok("service", "rm", "talker");
  }

  @Test
  @Order(8)
  void removingTheLastPublishedServiceLeavesNoTaskSandboxOrMeshTableOnAnyHost() {
    ok("service", "rm", "my-web");
    // Like Docker's ingress sandbox, each node's endpoint on the ingress network stays for the next
    // published service; every other overlay sandbox and the mesh table go.
    String ingressSandbox = "-o" + networkId("ingress").substring(0, 11);
    Await.until("no task containers, task overlay sandboxes or mesh tables; the mesh endpoints stay", CONVERGE,
        () -> lab.hostNames().stream().allMatch(h -> containersOn(h, "") == 0
            && LabSwarm.check(lab.exec(h, "ip", "netns", "list"), "netns").lines()
                .noneMatch(l -> l.contains("-o") && !l.contains(ingressSandbox))
            && !LabSwarm.check(lab.exec(h, "nft", "list", "tables"), "nft").contains("weftm_")
            && LabSwarm.check(lab.exec(h, "ip", "-4", "addr"), "addresses").contains(ingressPrefix())),
        () -> String.join("\n", lab.hostNames().stream().map(h -> LabCli.ok(lab, h, "ps", "-a")
            + LabSwarm.check(lab.exec(h, "nft", "list", "tables"), "nft")).toList()));
    assertTrue(meshRequests("h1", lab.address("h2"), 8080, 1).isEmpty(), "port 8080 is closed again");
    LabCli.ok(lab, "h1", "network", "rm", "nginx-net");
    LabCli.ok(lab, "h1", "network", "rm", "nginx-net-2");
  }

  /** Last: h3 is out of the swarm afterwards. */
  @Test
  @Order(9)
  void aWorkerThatLeavesTheSwarmKeepsNoTaskSandboxOrMesh() {
    LabCli.ok(lab, "h1", "network", "create", "-d", "overlay", "leave-net");
    ok("service", "create", "--name", "everywhere", "--mode", "global", "--publish", "published=8095,target=80",
        "--network", "leave-net", "--", "sh", "-c", WEB_PAGE);
    Await.until("h3 runs its task and is part of the mesh", CONVERGE, () -> containersOn("h3", "everywhere.") == 1
        && LabSwarm.check(lab.exec("h3", "nft", "list", "tables"), "nft").contains("weftm_")
        && LabSwarm.check(lab.exec("h3", "ip", "netns", "list"), "netns").contains("-o"),
        () -> ok("service", "ps", "everywhere"));
    LabCli.ok(lab, "h3", "swarm", "leave");
    assertEquals(0, containersOn("h3", ""), "no task container left on h3: " + LabCli.ok(lab, "h3", "ps", "-a"));
    assertTrue(!LabSwarm.check(lab.exec("h3", "ip", "netns", "list"), "netns").contains("-o"),
        "no overlay sandbox left on h3");
    assertTrue(!LabSwarm.check(lab.exec("h3", "nft", "list", "tables"), "nft").contains("weftm_"),
        "no routing-mesh table left on h3");
    assertTrue(!LabSwarm.check(lab.exec("h3", "ip", "-4", "addr"), "addresses").contains(ingressPrefix()),
        "no routing-mesh endpoint left on h3");
    assertTrue(meshRequests("h1", lab.address("h3"), 8095, 1).isEmpty(), "port 8095 is closed on h3");
  }

  /**
   * A task's command: busybox httpd serving a page with the host's {@code served-by-hN} line and
   * {@code task-ID} (its hostname is its task id).
   */
  static final String WEB_PAGE = "d=/tmp/www-$(hostname); mkdir -p $d; { cat /www/index.html; echo task-$(hostname); }"
      + " > $d/index.html; exec httpd -f -p 80 -h $d";

  /** {@code count} requests from {@code from}'s host namespace to {@code address:port}: the task ids that answered. */
  private static List<String> meshRequests(String from, String address, int port, int count) {
    return LabSwarm.check(lab.exec(from, "sh", "-c", "for i in $(seq " + count + "); do "
        + "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + address + " " + port + " | grep '^task-'; done; true"),
        "requests").lines().filter(l -> l.startsWith("task-")).toList();
  }

  /** {@code count} requests to my-web's virtual IP from a task on h1: the task ids that answered. */
  private static List<String> vipRequests(int count) {
    return LabCli.ok(lab, "h1", "exec", firstTask("h1", "my-web"), "sh", "-c", "for i in $(seq " + count + "); do "
        + "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 my-web 80 | grep '^task-'; done; true")
        .lines().filter(l -> l.startsWith("task-")).toList();
  }

  /** The service's virtual IP on the network, without prefix. */
  private static String virtualIp(String service, String network) {
    try {
      String networkId = networkId(network);
      for (var v : JSON.readTree(ok("service", "inspect", service)).get(0).get("Endpoint").get("VirtualIPs")) {
        if (v.get("NetworkID").asText().equals(networkId)) {
          String addr = v.get("Addr").asText();
          return addr.substring(0, addr.indexOf('/'));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError(service + " has no virtual IP on " + network);
  }

  /** A network's id, from {@code network inspect} on h1. */
  private static String networkId(String network) {
    try {
      return JSON.readTree(ok("network", "inspect", network)).get(0).get("Id").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The ingress network's subnet up to its last dot, e.g. {@code 198.18.128.}. */
  private static String ingressPrefix() {
    String subnet = ok("network", "inspect", "ingress").lines().filter(l -> l.contains("\"Subnet\""))
        .map(l -> l.replaceAll(".*\"Subnet\" *: *\"([0-9.]+)/.*", "$1")).findFirst().orElseThrow();
    return subnet.substring(0, subnet.lastIndexOf('.') + 1);
  }

  private static String ok(String... args) {
    return LabCli.ok(lab, "h1", args);
  }

  private static void awaitOutput(String regex, String... args) {
    Await.until("weft " + String.join(" ", args) + " matches " + regex, CONVERGE,
        () -> ok(args).lines().anyMatch(l -> l.matches(".*" + regex + ".*")), () -> ok(args));
  }

  /** Task containers on {@code host} whose name starts with {@code prefix} (all with ""). */
  private static long containersOn(String host, String prefix) {
    return LabCli.ok(lab, host, "ps", "-a").lines().skip(1)
        .filter(l -> Arrays.stream(l.split("\\s+")).anyMatch(w -> w.startsWith(prefix) && w.matches(".+\\.[^.]+\\.[a-z0-9]{25}")))
        .count();
  }

  private static long containers(String prefix) {
    return lab.hostNames().stream().mapToLong(h -> containersOn(h, prefix)).sum();
  }

  private static long running(String service) {
    return ok("service", "ps", service).lines().filter(l -> l.matches(".*Running\\s+Running.*")).count();
  }

  /** The ids of the service's tasks that are running and meant to, on hosts other than {@code except}. */
  private static List<String> runningTaskIds(String service, String except) {
    List<String> ids = new java.util.ArrayList<>();
    for (String line : ok("service", "ps", "--format", "json", service).lines().toList()) {
      try {
        var t = JSON.readTree(line);
        if (t.get("DesiredState").asText().equals("Running") && t.get("CurrentState").asText().equals("Running")
            && !t.get("Node").asText().equals(except)) {
          ids.add(t.get("ID").asText());
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return ids;
  }

  private static String firstTask(String host, String service) {
    return LabCli.ok(lab, host, "ps").lines().skip(1).map(l -> l.split("\\s+"))
        .map(w -> w[w.length - 1]).filter(n -> n.startsWith(service + ".")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + service + " task on " + host));
  }

  private static String nodeId(String host) {
    return ok("node", "ls").lines().filter(l -> l.contains(" " + host + " ")).map(l -> l.split("\\s+")[0])
        .findFirst().orElseThrow();
  }
}
