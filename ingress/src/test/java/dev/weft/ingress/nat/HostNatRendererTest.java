package dev.weft.ingress.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNatRendererTest {

  static Stream<NatGoldenCases.Case> goldenCases() {
    return NatGoldenCases.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void rendersExactlyTheGoldenScript(NatGoldenCases.Case c) {
    assertEquals(c.expected(), c.render());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void outputDoesNotDependOnInputOrder(NatGoldenCases.Case c) {
    Random random = new Random(20_240_611L);
    String expected = c.expected();
    for (int round = 0; round < 50; round++) {
      List<BridgeRule> bridges = new ArrayList<>(c.bridges());
      List<PortRule> ports = new ArrayList<>(c.ports());
      Collections.shuffle(bridges, random);
      Collections.shuffle(ports, random);
      assertEquals(expected, HostNatRenderer.render(NatGoldenCases.TABLE, bridges, ports),
          "bridges " + bridges + ", ports " + ports);
    }
  }

  @Test
  void scriptReplacesTheTableAtomically() {
    List<String> lines = NatGoldenCases.ALL.get(1).render().lines().toList();
    assertEquals(List.of("table ip weft_ab12", "delete table ip weft_ab12", "table ip weft_ab12 {"),
        lines.subList(0, 3));
    assertEquals("}", lines.getLast());
  }

  @Test
  void everyOrderedPairOfBridgesIsIsolated() {
    List<BridgeRule> bridges = List.of(new BridgeRule("br1", "198.18.1.0/24", false),
        new BridgeRule("br2", "198.18.2.0/24", false), new BridgeRule("br3", "198.18.3.0/24", true),
        new BridgeRule("br4", "198.18.4.0/24", false));
    List<String> lines = HostNatRenderer.render("t", bridges, List.of()).lines().map(String::trim).toList();
    int pairs = 0;
    for (BridgeRule from : bridges) {
      for (BridgeRule to : bridges) {
        String rule = "iifname \"" + from.device() + "\" oifname \"" + to.device() + "\" drop";
        if (from.equals(to)) {
          assertFalse(lines.contains(rule), "a bridge must reach its own ports: " + rule);
        } else {
          assertTrue(lines.contains(rule), "missing isolation " + rule);
          pairs++;
        }
      }
    }
    assertEquals(12, pairs);
    assertEquals(12, lines.stream().filter(l -> l.matches("iifname \"br\\d\" oifname \"br\\d\" drop")).count());
  }

  @Test
  void internalBridgesAreNeverMasqueradedAndAreCutOffBothWays() {
    String script = HostNatRenderer.render("t", List.of(new BridgeRule("brin", "198.18.9.0/24", true),
        new BridgeRule("brout", "198.18.8.0/24", false)), List.of());
    assertFalse(script.contains("ip saddr 198.18.9.0/24"), script);
    assertTrue(script.contains("    ip saddr 198.18.8.0/24 oifname != \"brout\" masquerade\n"), script);
    assertTrue(script.contains("    iifname \"brin\" oifname != \"brin\" drop\n"), script);
    assertTrue(script.contains("    oifname \"brin\" iifname != \"brin\" drop\n"), script);
    assertFalse(script.contains("iifname \"brout\" oifname != \"brout\""), script);
  }

  @Test
  void publishedPortsAreDnattedFromOutsideAndFromTheHostItself() {
    String script = HostNatRenderer.render("t", List.of(),
        List.of(new PortRule("", 80, "tcp", "198.18.0.2", 8080),
            new PortRule("198.19.100.7", 53, "udp", "198.18.0.3", 53)));
    String any = "    fib daddr type local meta l4proto tcp th dport 80 dnat to 198.18.0.2:8080\n";
    String one = "    ip daddr 198.19.100.7 meta l4proto udp th dport 53 dnat to 198.18.0.3:53\n";
    String prerouting = chain(script, "prerouting");
    String output = chain(script, "output");
    assertTrue(prerouting.contains(any) && prerouting.contains(one), prerouting);
    assertTrue(output.contains(any) && output.contains(one), output);
    assertFalse(chain(script, "forward").contains("dnat"), script);
  }

  @Test
  void identicalRulesAreRenderedOnce() {
    PortRule p = new PortRule("", 80, "tcp", "198.18.0.2", 80);
    String script = HostNatRenderer.render("t", List.of(), List.of(p, p));
    assertEquals(2, script.lines().filter(l -> l.contains("dnat to 198.18.0.2:80")).count(), script);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sctp", "TCP", "icmp", ""})
  void portRuleAcceptsOnlyTcpAndUdp(String protocol) {
    var e = assertThrows(IllegalArgumentException.class, () -> new PortRule("", 80, protocol, "198.18.0.2", 80));
    assertTrue(e.getMessage().contains("tcp or udp"), e.getMessage());
  }

  @Test
  void portRuleAcceptsTcpAndUdp() {
    assertEquals("udp", new PortRule("", 53, "udp", "198.18.0.2", 53).protocol());
    assertEquals("tcp", new PortRule("", 80, "tcp", "198.18.0.2", 80).protocol());
  }

  /** The body of one chain: the lines after {@code chain <name> {} up to its closing brace. */
  private static String chain(String script, String name) {
    String[] lines = script.split("\n");
    int start = Arrays.asList(lines).indexOf("  chain " + name + " {");
    assertTrue(start >= 0, "no chain " + name + " in\n" + script);
    StringBuilder body = new StringBuilder();
    for (int i = start + 1; !lines[i].equals("  }"); i++) {
      body.append(lines[i]).append('\n');
    }
    return body.toString();
  }

  @Test
  void theLegacyBridgeFilterTableIsRemovedWhetherOrNotItExists() {
    assertEquals("""
        table bridge weft_ab12
        delete table bridge weft_ab12
        """, HostNatRenderer.dropLegacyBridgeFilter("weft_ab12"));
  }
}
