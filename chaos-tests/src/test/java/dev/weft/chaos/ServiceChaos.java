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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Services on three lab hosts (h1 the manager, h2 and h3 workers), the parts of the seed's
 * "user-defined overlay network" walkthrough that run today: replicated tasks spread over the
 * hosts and reaching each other by name, scaling, global services, draining, a node killed with its
 * tasks, removal, and refusals. (Virtual IPs and the routing mesh are not built yet.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DumpOnFailure.class)
class ServiceChaos {
  private static final Duration CONVERGE = Duration.ofSeconds(15);
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
    ok("service", "create", "--name", "my-web", "--replicas", "5", "--network", "nginx-net", "--",
        "httpd", "-f", "-p", "80", "-h", "/www");
    awaitOutput("my-web\\s+replicated\\s+5/5", "service", "ls");
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
    String vip = ok("service", "inspect", "my-web").lines().filter(l -> l.contains("\"Addr\""))
        .map(l -> l.replaceAll(".*\"Addr\" *: *\"([0-9.]+)/.*", "$1")).findFirst().orElseThrow();
    String name = LabCli.ok(lab, "h1", "exec", task, "nslookup", "my-web");
    assertEquals(List.of(vip), name.lines().filter(l -> l.startsWith("Address: ")).map(l -> l.substring(9).strip())
        .toList(), "my-web resolves to its virtual IP only:\n" + name);
    String pages = LabCli.ok(lab, "h1", "exec", task, "sh", "-c", "for i in $(seq 15); do "
        + "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 my-web 80 | grep served-by; done");
    assertEquals(15, pages.lines().count(), "every request to the virtual IP is answered:\n" + pages);
    assertEquals(Set.of("served-by-h1", "served-by-h2", "served-by-h3"), new HashSet<>(pages.lines().toList()),
        "connections to the virtual IP reach the tasks on every host");

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
    Await.until("3 tasks running without " + victim, Duration.ofSeconds(20),
        () -> running("my-web") == 3 && ok("service", "ps", "my-web").lines().noneMatch(l -> l.contains(" " + victim + " ")),
        () -> ok("service", "ps", "my-web"));
    lab.startDaemon(victim);
    lab.awaitDaemon(victim, Duration.ofSeconds(30));
    Await.until(victim + " removes the tasks it no longer has", CONVERGE, () -> containersOn(victim, "my-web.") == 0,
        () -> LabCli.ok(lab, victim, "ps", "-a"));
  }

  @Test
  @Order(4)
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
    ok("service", "create", "--name", "holder", "-p", "8080:80", "--network", "nginx-net", "--", "sleep", "1d");
    LabCli.refused(lab, "h1", "already in use by service 'holder'", "service", "create", "--name", "x", "-p",
        "8080:80", "--", "sleep", "1d");
    LabCli.refused(lab, "h1", "already exists", "service", "create", "--name", "my-web", "--", "sleep", "1d");
    ok("service", "rm", "holder");
    assertEquals(before, ok("service", "ls"));
  }

  @Test
  @Order(5)
  void removingTheServiceLeavesNoContainerOrSandboxOnAnyHost() {
    ok("service", "rm", "my-web");
    Await.until("no task containers and no overlay sandboxes", CONVERGE, () -> lab.hostNames().stream().allMatch(
        h -> containersOn(h, "") == 0 && !LabSwarm.check(lab.exec(h, "ip", "netns", "list"), "netns").contains("-o")),
        () -> String.join("\n", lab.hostNames().stream().map(h -> LabCli.ok(lab, h, "ps", "-a")).toList()));
    LabCli.ok(lab, "h1", "network", "rm", "nginx-net");
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
