package dev.weft.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The single-host seed walkthroughs on real lab hosts: the default bridge, a user-defined bridge,
 * static addresses and published ports, host/none, macvlan (and the kernel's missing ipvlan and
 * 802.1q), refusals that change nothing, embedded DNS, and reconciliation after kill -9.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DumpOnFailure.class)
class LocalNetworksChaos {
  static final ObjectMapper JSON = new ObjectMapper();
  static Lab lab;

  @BeforeAll
  static void startLab() {
    lab = LabFixture.start("local", 2, "");
    DumpOnFailure.lab = lab;
  }

  @AfterAll
  static void stopLab() {
    if (lab != null && !Boolean.getBoolean("weft.chaos.keep")) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void defaultBridgeReachesByAddressNotByName() throws Exception {
    ok("h1", "run", "-d", "--name", "alpine1", "--", "sleep", "1d");
    ok("h1", "run", "-d", "--name", "alpine2", "--", "sleep", "1d");
    String ip2 = ip("h1", "alpine2", "bridge");
    ok("h1", "exec", "alpine1", "ping", "-c", "2", "-W", "2", ip2);
    ExecResult byName = lab.weft("h1", "exec", "alpine1", "ping", "-c", "1", "-W", "1", "alpine2");
    assertTrue(byName.getExitCode() != 0 && (byName.getStderr() + byName.getStdout()).contains("bad address"),
        "ping by name on the default bridge must fail with 'bad address': " + byName.getStderr());
    JsonNode containers = JSON.readTree(ok("h1", "network", "inspect", "bridge")).get(0).get("Containers");
    List<String> names = containers.findValuesAsText("Name");
    assertTrue(names.contains("alpine1") && names.contains("alpine2"), containers.toString());
    assertTrue(containers.toString().contains(ip2 + "/"), containers.toString());
  }

  @Test
  @Order(2)
  void userDefinedBridgeResolvesNamesAndIsolates() {
    ok("h1", "network", "create", "--driver", "bridge", "alpine-net");
    ok("h1", "run", "-d", "--name", "a1", "--network", "alpine-net", "--", "sleep", "1d");
    ok("h1", "run", "-d", "--name", "a2", "--network", "alpine-net", "--network-alias", "second", "--", "sleep", "1d");
    ok("h1", "exec", "a1", "ping", "-c", "2", "-W", "2", "a2");
    ok("h1", "exec", "a1", "ping", "-c", "1", "-W", "2", "second");
    ok("h1", "exec", "a1", "ping", "-c", "1", "-W", "2", lab.address("h2"));
    String a1 = ip("h1", "a1", "alpine-net");
    assertEquals(1, lab.weft("h1", "exec", "alpine1", "ping", "-c", "1", "-W", "1", a1).getExitCode(),
        "the default bridge must not reach alpine-net");
    ok("h1", "network", "connect", "alpine-net", "alpine1");
    ok("h1", "exec", "alpine1", "ping", "-c", "1", "-W", "2", "a1");
    ok("h1", "network", "disconnect", "alpine-net", "alpine1");
    assertEquals(1, lab.weft("h1", "exec", "alpine1", "ping", "-c", "1", "-W", "1", a1).getExitCode(),
        "disconnect must cut alpine1 off alpine-net");
  }

  @Test
  @Order(3)
  void staticAddressAndPublishedPort() throws Exception {
    ok("h1", "network", "create", "-d", "bridge", "--subnet", "198.18.200.0/24", "my_bridge");
    lab.exec("h1", "sh", "-c", "mkdir -p /tmp/www && echo hello-weft > /tmp/www/index.html");
    ok("h1", "run", "-d", "--name", "web", "--net", "my_bridge", "--ip", "198.18.200.254", "-p", "5000:80",
        "--", "httpd", "-f", "-p", "80", "-h", "/tmp/www");
    assertEquals("198.18.200.254", ip("h1", "web", "my_bridge"));
    String h1 = lab.address("h1");
    awaitOutput("h1", "hello-weft", "wget", "-q", "-O", "-", "http://" + h1 + ":5000/");
    awaitOutput("h1", "hello-weft", "wget", "-q", "-O", "-", "http://127.0.0.1:5000/");
    awaitOutput("h2", "hello-weft", "wget", "-q", "-O", "-", "http://" + h1 + ":5000/");
    ExecResult taken = lab.weft("h1", "run", "-d", "--name", "web2", "-p", "5000:80", "--", "sleep", "1d");
    assertEquals(1, taken.getExitCode());
    assertTrue(taken.getStderr().contains("port is already allocated"), taken.getStderr());
  }

  @Test
  @Order(4)
  void hostAndNone() {
    ExecResult host = lab.weft("h1", "run", "-d", "--name", "hostc", "--network", "host", "-p", "8080:80",
        "--", "sleep", "1d");
    assertEquals(0, host.getExitCode(), host.getStderr());
    assertTrue(host.getStderr().contains("Published ports are discarded"), host.getStderr());
    assertTrue(ok("h1", "exec", "hostc", "ip", "-o", "-4", "addr").contains(lab.address("h1")));
    assertEquals("h1", ok("h1", "exec", "hostc", "hostname").strip());
    ok("h1", "run", "-d", "--name", "nonec", "--network", "none", "--", "sleep", "1d");
    String links = ok("h1", "exec", "nonec", "ip", "-o", "link");
    assertEquals(1, links.lines().count(), links);
    assertTrue(links.contains("lo"), links);
  }

  @Test
  @Order(5)
  void macvlanBridgesOntoTheLabLinkAndMissingKernelFeaturesAreNamed() {
    String h1 = lab.address("h1");
    String prefix = h1.substring(0, h1.lastIndexOf('.'));
    ok("h1", "network", "create", "-d", "macvlan", "--subnet", prefix + ".0/24", "--gateway", prefix + ".1",
        "--ip-range", prefix + ".192/27", "-o", "parent=eth0", "macnet");
    ok("h1", "run", "-d", "--name", "m1", "--network", "macnet", "--", "sleep", "1d");
    ok("h1", "run", "-d", "--name", "m2", "--network", "macnet", "--", "sleep", "1d");
    String m1 = ip("h1", "m1", "macnet");
    assertTrue(m1.startsWith(prefix + ".19") || m1.startsWith(prefix + ".2"), m1);
    ok("h1", "exec", "m2", "ping", "-c", "2", "-W", "2", m1);
    awaitOutput("h2", "1 packets received", "ping", "-c", "1", "-W", "2", m1);
    ExecResult ipvlan = lab.weft("h1", "network", "create", "-d", "ipvlan", "--subnet", "198.18.202.0/24",
        "-o", "parent=eth0", "ipv");
    assertEquals(1, ipvlan.getExitCode());
    assertTrue(ipvlan.getStderr().contains("ipvlan"), ipvlan.getStderr());
    ExecResult vlan = lab.weft("h1", "network", "create", "-d", "macvlan", "--subnet", "198.18.203.0/24",
        "-o", "parent=eth0.50", "vlan50");
    assertEquals(1, vlan.getExitCode());
    assertTrue(vlan.getStderr().contains("802.1q"), vlan.getStderr());
  }

  @Test
  @Order(6)
  void badInputIsRefusedAndChangesNothing() {
    String networks = ok("h1", "network", "ls", "-q");
    String links = kernelLinks("h1");
    refused("overlaps", "network", "create", "--subnet", "198.18.200.0/25", "overlap");
    refused("not inside subnet", "network", "create", "--subnet", "198.18.210.0/24", "--ip-range", "198.18.211.0/25", "r");
    refused("not a host address", "network", "create", "--subnet", "198.18.210.0/24", "--gateway", "198.18.211.1", "g");
    refused("already exists", "network", "create", "alpine-net");
    refused("invalid subnet", "network", "create", "--subnet", "198.18.210.1/24", "hostbits");
    refused("No such network", "run", "-d", "--network", "nosuch", "--", "sleep", "1");
    assertEquals(networks, ok("h1", "network", "ls", "-q"));
    assertEquals(links, kernelLinks("h1"));

    ok("h1", "network", "create", "--subnet", "198.18.201.0/30", "tiny");
    ok("h1", "run", "-d", "--name", "t1", "--network", "tiny", "--", "sleep", "1d");
    String containers = ok("h1", "ps", "-a", "-q");
    refused("no address left", "run", "-d", "--name", "t2", "--network", "tiny", "--", "sleep", "1d");
    assertEquals(containers, ok("h1", "ps", "-a", "-q"));

    refused("active endpoints", "network", "rm", "tiny");
    ok("h1", "network", "create", "unused1");
    String pruned = ok("h1", "network", "prune", "-f");
    assertTrue(pruned.contains("unused1") && !pruned.contains("tiny") && !pruned.contains("my_bridge"), pruned);
    ok("h1", "network", "rm", "-f", "tiny");
    assertTrue(!ok("h1", "network", "ls").contains("tiny"));
  }

  @Test
  @Order(7)
  void unknownNamesFailFast() {
    long start = System.nanoTime();
    ExecResult r = lab.weft("h1", "exec", "a1", "nslookup", "no-such-name.invalid");
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("nslookup of an unknown name answered in %d ms%n", ms);
    assertTrue(r.getExitCode() != 0, r.getStdout());
    assertTrue(ms < 4000, "an unknown name took " + ms + " ms");
  }

  @Test
  @Order(8)
  void aRestartedDaemonReconcilesAndContainersKeepTheirNetwork() {
    String before = kernelState("h1");
    lab.killDaemon("h1");
    lab.startDaemon("h1");
    lab.awaitDaemon("h1", Duration.ofSeconds(60));
    assertEquals(before, kernelState("h1"));
    ok("h1", "exec", "a1", "ping", "-c", "1", "-W", "2", "a2");
    assertTrue(ok("h1", "ps").contains("a1"));
    ok("h1", "rm", "-f", "a2");
    assertTrue(!kernelState("h1").equals(before), "removing a container must remove its kernel objects");
  }

  @Test
  @Order(9)
  void egressInternalNetworksMtuLogsAndAutoRemove() {
    String h2 = lab.address("h2");
    ExecResult egress = lab.weft("h1", "exec", "a1", "ping", "-c", "1", "-W", "2", h2);
    assertEquals(0, egress.getExitCode(), "a bridge container must reach another lab host through masquerade: "
        + egress.getStdout() + "\n" + lab.weft("h1", "exec", "a1", "sh", "-c", "ip route; ip -o addr; ip neigh").getStdout()
        + lab.exec("h1", "sh", "-c", "ip route; ip neigh; ip -o link; sysctl net.ipv4.ip_forward").getStdout());
    ok("h1", "network", "create", "--internal", "inet");
    ok("h1", "run", "-d", "--name", "i1", "--network", "inet", "--", "sleep", "1d");
    ok("h1", "run", "-d", "--name", "i2", "--network", "inet", "--", "sleep", "1d");
    ok("h1", "exec", "i1", "ping", "-c", "1", "-W", "2", "i2");
    assertEquals(1, lab.weft("h1", "exec", "i1", "ping", "-c", "1", "-W", "1", h2).getExitCode(),
        "an --internal network must have no way out");

    ok("h1", "network", "create", "-o", "com.docker.network.driver.mtu=1400", "mtunet");
    ok("h1", "run", "-d", "--name", "mt", "--network", "mtunet", "--", "sleep", "1d");
    assertTrue(ok("h1", "exec", "mt", "ip", "-o", "link", "show", "eth0").contains("mtu 1400"));

    ExecResult echo = lab.weft("h1", "run", "--name", "echoer", "--", "sh", "-c", "echo hello-logs; exit 3");
    assertEquals(3, echo.getExitCode(), echo.getStderr());
    assertTrue(echo.getStdout().contains("hello-logs"), echo.getStdout());
    assertTrue(ok("h1", "logs", "echoer").contains("hello-logs"));
    assertTrue(ok("h1", "ps", "-a").contains("Exited (3)"));
    ok("h1", "run", "--rm", "--name", "gone", "--", "true");
    dev.weft.lab.Await.until("--rm container removed", Duration.ofSeconds(5),
        () -> !ok("h1", "ps", "-a").contains("gone"), () -> ok("h1", "ps", "-a"));
  }

  @Test
  @Order(10)
  void ipv6Networks() throws Exception {
    refused("needs an IPv6 --subnet", "network", "create", "--ipv6", "v6bad");
    refused("needs --ipv6", "network", "create", "--subnet", "fd00:198:18:211::/64", "v6bad");
    ok("h1", "network", "create", "--ipv6", "--subnet", "198.18.210.0/24", "--subnet", "fd00:198:18:210::/64", "v6net");
    ok("h1", "run", "-d", "--name", "s1", "--network", "v6net", "--", "sleep", "1d");
    ok("h1", "run", "-d", "--name", "s2", "--network", "v6net", "--", "sleep", "1d");
    JsonNode s2 = JSON.readTree(ok("h1", "inspect", "s2")).get(0).get("NetworkSettings").get("Networks").get("v6net");
    String v6 = s2.get("GlobalIPv6Address").asText();
    assertTrue(v6.startsWith("fd00:198:18:210::"), s2.toString());
    ok("h1", "exec", "s1", "ping", "-c", "1", "-W", "2", v6);
    ok("h1", "exec", "s1", "ping", "-6", "-c", "1", "-W", "2", "s2");
    JsonNode net = JSON.readTree(ok("h1", "network", "inspect", "v6net")).get(0);
    assertTrue(net.get("EnableIPv6").asBoolean());
    assertTrue(net.get("Containers").toString().contains(v6), net.toString());
  }

  private static String kernelLinks(String host) {
    return LabSwarm.check(lab.exec(host, "sh", "-c", "ip -o link show | awk -F': ' '{print $2}' | sort"), "links");
  }

  /** Links, namespaces and the daemon's nftables table, in a comparable form. */
  private static String kernelState(String host) {
    return LabSwarm.check(lab.exec(host, "sh", "-c",
        "ip -o link show | awk -F': ' '{print $2}' | sort; ip netns list | sort; "
            + "for t in $(nft list tables | awk '/weft_/{print $3}'); do nft list table ip $t; done"), "kernel state");
  }

  private static String ok(String host, String... args) {
    return LabCli.ok(lab, host, args);
  }

  private static void refused(String expected, String... args) {
    LabCli.refused(lab, "h1", expected, args);
  }

  private static String ip(String host, String container, String network) {
    return LabCli.ip(lab, host, container, network);
  }

  private static void awaitOutput(String host, String expected, String... command) {
    dev.weft.lab.Await.until(String.join(" ", command) + " on " + host, Duration.ofSeconds(10),
        () -> lab.exec(host, command).getStdout().contains(expected),
        () -> lab.exec(host, command).toString());
  }
}
