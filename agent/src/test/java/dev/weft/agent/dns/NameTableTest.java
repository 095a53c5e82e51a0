package dev.weft.agent.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Container;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.LocalNetworkSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scene: the default bridge with two legacy containers; user networks front (web, api), back
 * (api, db) and other (lonely); an exited container on front. api is on front and back.
 */
class NameTableTest {
  private static final String WEB_ID = "aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888";
  private static final String API_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String DB_ID = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  private static final List<LocalNetwork> NETWORKS = List.of(
      network("net-default", "bridge", true),
      network("net-front", "front", false),
      network("net-back", "back", false),
      network("net-other", "other", false));

  private static final List<Container> CONTAINERS = List.of(
      container(WEB_ID, "web", "running", endpoint("net-front", "198.18.1.2/24", "www")),
      container(API_ID, "api", "running", endpoint("net-front", "198.18.1.3/24"),
          endpoint("net-back", "198.18.2.3/24", "service")),
      container(DB_ID, "db", "running", endpoint("net-back", "198.18.2.4/24", "database")),
      container(id('4'), "lonely", "running", endpoint("net-other", "198.18.3.2/24")),
      container(id('5'), "legacy1", "running", endpoint("net-default", "198.19.0.2/16")),
      container(id('6'), "legacy2", "running", endpoint("net-default", "198.19.0.3/16")),
      container(id('7'), "old", "exited", endpoint("net-front", "198.18.1.9/24", "retired")),
      container(id('8'), "fresh", "created", endpoint("net-front", "198.18.1.10/24")));

  private static final NameTable TABLE = NameTable.build(NETWORKS, CONTAINERS);

  private static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  private static LocalNetwork network(String id, String name, boolean builtin) {
    return LocalNetwork.newBuilder().setId(id).setBuiltin(builtin)
        .setSpec(LocalNetworkSpec.newBuilder().setName(name).setDriver("bridge")).build();
  }

  private static Endpoint endpoint(String networkId, String ipv4, String... aliases) {
    return Endpoint.newBuilder().setNetworkId(networkId).setIpv4(ipv4).addAllAliases(List.of(aliases)).build();
  }

  private static Container container(String id, String name, String state, Endpoint... endpoints) {
    return Container.newBuilder().setId(id).setState(state).setSpec(ContainerSpec.newBuilder().setName(name))
        .addAllEndpoints(List.of(endpoints)).build();
  }

  @Test
  void containersOnOneUserNetworkResolveEachOtherByName() {
    assertEquals(Set.of("198.18.1.3"), TABLE.resolve("198.18.1.2", "api"));
    assertEquals(Set.of("198.18.1.2"), TABLE.resolve("198.18.1.3", "web"));
    assertEquals(Set.of("198.18.2.3"), TABLE.resolve("198.18.2.4", "api"));
  }

  @Test
  void aliasesResolveOnTheirNetworkOnly() {
    assertEquals(Set.of("198.18.1.2"), TABLE.resolve("198.18.1.3", "www"));
    assertEquals(Set.of("198.18.2.3"), TABLE.resolve("198.18.2.4", "service"));
    assertEquals(Set.of("198.18.2.4"), TABLE.resolve("198.18.1.3", "database"));
    // api's alias "service" is on back; web, on front only, does not see it.
    assertEquals(Set.of(), TABLE.resolve("198.18.1.2", "service"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123456789ab", "0123456789AB", "0123456789ab."})
  void twelveCharacterIdPrefixResolves(String name) {
    assertEquals(Set.of("198.18.1.3"), TABLE.resolve("198.18.1.2", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"API", "Api.", "api.", "WWW."})
  void namesAreCaseInsensitiveAndMayEndInADot(String name) {
    Set<String> expected = name.toLowerCase(Locale.ROOT).startsWith("api") ? Set.of("198.18.1.3") : Set.of("198.18.1.2");
    assertEquals(expected, TABLE.resolve("198.18.1.2", name));
  }

  @Test
  void containerNamesWithCapitalsResolveInAnyCase() {
    NameTable table = NameTable.build(NETWORKS, List.of(
        container(id('1'), "Cache", "running", endpoint("net-front", "198.18.1.20/24", "Redis-Main")),
        container(id('2'), "client", "running", endpoint("net-front", "198.18.1.21/24"))));
    assertEquals(Set.of("198.18.1.20"), table.resolve("198.18.1.21", "cache"));
    assertEquals(Set.of("198.18.1.20"), table.resolve("198.18.1.21", "CACHE."));
    assertEquals(Set.of("198.18.1.20"), table.resolve("198.18.1.21", "redis-main"));
  }

  @Test
  void aContainerOnTwoNetworksSeesNamesFromBoth() {
    assertEquals(Set.of("198.18.1.2"), TABLE.resolve("198.18.1.3", "web"));
    assertEquals(Set.of("198.18.2.4"), TABLE.resolve("198.18.1.3", "db"));
    // The same, whichever of its addresses it asks from.
    assertEquals(Set.of("198.18.1.2"), TABLE.resolve("198.18.2.3", "web"));
    assertEquals(Set.of("198.18.2.4"), TABLE.resolve("198.18.2.3", "db"));
  }

  @Test
  void othersSeeOnlyTheAddressOnTheNetworkTheyShare() {
    assertEquals(Set.of("198.18.1.3"), TABLE.resolve("198.18.1.2", "api"));
    assertEquals(Set.of("198.18.2.3"), TABLE.resolve("198.18.2.4", "api"));
    assertEquals(Set.of("198.18.2.3"), TABLE.resolve("198.18.2.4", "0123456789ab"));
  }

  @Test
  void namesAcrossNetworksThatShareNothingAreNotVisible() {
    assertEquals(Set.of(), TABLE.resolve("198.18.1.2", "db"));
    assertEquals(Set.of(), TABLE.resolve("198.18.1.2", "fedcba987654"));
    assertEquals(Set.of(), TABLE.resolve("198.18.2.4", "web"));
    assertEquals(Set.of(), TABLE.resolve("198.18.2.4", "www"));
    assertEquals(Set.of(), TABLE.resolve("198.18.3.2", "api"));
    assertEquals(Set.of(), TABLE.resolve("198.18.1.2", "lonely"));
    assertEquals(Set.of("198.18.3.2"), TABLE.resolve("198.18.3.2", "lonely"));
  }

  @Test
  void theDefaultBridgeResolvesNothing() {
    assertEquals(Set.of(), TABLE.resolve("198.19.0.2", "legacy2"));
    assertEquals(Set.of(), TABLE.resolve("198.19.0.3", "legacy1"));
    assertEquals(Set.of(), TABLE.resolve("198.19.0.2", "666666666666"));
    assertEquals(Set.of(), TABLE.resolve("198.19.0.2", "web"));
    assertEquals(Set.of(), TABLE.resolve("198.18.1.2", "legacy1"));
  }

  @Test
  void containersThatAreNotRunningAreNotResolvableNorKnown() {
    for (String name : List.of("old", "retired", "777777777777", "fresh", "888888888888")) {
      assertEquals(Set.of(), TABLE.resolve("198.18.1.2", name), name);
    }
    assertFalse(TABLE.knows("198.18.1.9"));
    assertFalse(TABLE.knows("198.18.1.10"));
  }

  @Test
  void knowsTheAddressesOfRunningContainersOnly() {
    for (String address : List.of("198.18.1.2", "198.18.1.3", "198.18.2.3", "198.18.2.4", "198.18.3.2")) {
      assertTrue(TABLE.knows(address), address);
    }
    assertFalse(TABLE.knows("198.18.1.1"));
    assertFalse(TABLE.knows("198.18.200.1"));
    assertEquals(Set.of(), TABLE.resolve("198.18.200.1", "web"));
  }

  @Test
  void sharedNameResolvesToEveryHolder() {
    NameTable table = NameTable.build(NETWORKS, List.of(
        container(id('1'), "worker-1", "running", endpoint("net-front", "198.18.1.31/24", "worker")),
        container(id('2'), "worker-2", "running", endpoint("net-front", "198.18.1.32/24", "worker")),
        container(id('3'), "client", "running", endpoint("net-front", "198.18.1.33/24"))));
    assertEquals(Set.of("198.18.1.31", "198.18.1.32"), table.resolve("198.18.1.33", "worker"));
  }

  @Test
  void tableDoesNotDependOnTheOrderOfItsInput() {
    Random random = new Random(3);
    String[] sources = {"198.18.1.2", "198.18.1.3", "198.18.2.3", "198.18.2.4", "198.18.3.2", "198.19.0.2"};
    String[] names = {"web", "www", "api", "service", "db", "database", "lonely", "legacy1", "old", "0123456789ab"};
    for (int round = 0; round < 20; round++) {
      List<LocalNetwork> networks = new ArrayList<>(NETWORKS);
      List<Container> containers = new ArrayList<>(CONTAINERS);
      Collections.shuffle(networks, random);
      Collections.shuffle(containers, random);
      NameTable shuffled = NameTable.build(networks, containers);
      for (String source : sources) {
        for (String name : names) {
          assertEquals(TABLE.resolve(source, name), shuffled.resolve(source, name), source + " asks " + name);
        }
      }
    }
  }

  @Test
  void emptyTableKnowsNothing() {
    assertFalse(NameTable.EMPTY.knows("198.18.1.2"));
    assertEquals(Set.of(), NameTable.EMPTY.resolve("198.18.1.2", "web"));
  }

  @Test
  void endpointsOtherHostsAnnouncedResolveOnTheirNetworkOnly() {
    var remote = new dev.weft.gossip.table.EndpointRecord("ep-r", "net-front", "198.18.1.40", "02:42:c6:12:01:28",
        "198.18.77.3", "alpine2", List.of("second"), "node-2", new dev.weft.gossip.table.Version(1, 1), false);
    NameTable table = NameTable.build(NETWORKS, List.of(
        container(id('1'), "local1", "running", endpoint("net-front", "198.18.1.20/24")),
        container(id('2'), "other", "running", endpoint("net-back", "198.18.2.20/24"))),
        java.util.Map.of("net-front", List.of(remote)));
    assertEquals(Set.of("198.18.1.40"), table.resolve("198.18.1.20", "alpine2"));
    assertEquals(Set.of("198.18.1.40"), table.resolve("198.18.1.20", "second"));
    assertEquals(Set.of(), table.resolve("198.18.2.20", "alpine2"), "not visible from another network");
  }

  @Test
  void aVipServiceNameResolvesToItsVirtualIpOnItsNetworkOnly() {
    NameTable table = NameTable.build(NETWORKS, List.of(
        container(id('1'), "task1", "running", endpoint("net-front", "198.18.1.20/24", "tasks.my-web")),
        container(id('2'), "other", "running", endpoint("net-back", "198.18.2.20/24"))),
        java.util.Map.of(), java.util.Map.of("net-front", java.util.Map.of("my-web", "198.18.1.2")));
    assertEquals(Set.of("198.18.1.2"), table.resolve("198.18.1.20", "my-web"));
    assertEquals(Set.of("198.18.1.20"), table.resolve("198.18.1.20", "tasks.my-web"));
    assertEquals(Set.of(), table.resolve("198.18.2.20", "my-web"), "not on net-back");
  }
}
