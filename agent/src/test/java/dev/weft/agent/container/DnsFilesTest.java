package dev.weft.agent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.agent.overlay.VipRules;
import dev.weft.proto.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsFilesTest {
  private static final Endpoint TASK_ON_WEB = Endpoint.newBuilder().setNetworkId("web").setIpv4("198.18.129.7/24")
      .addAliases("tasks.my-web").build();
  private static final Endpoint ON_GWBRIDGE = Endpoint.newBuilder().setNetworkId("gw").setIpv4("198.19.1.4/24").build();

  @Test
  void aStartingTaskIsAlreadyABackendOfItsOwnServicesVirtualIp() {
    Map<String, List<String>> known = Map.of("198.18.129.2", List.of("198.18.129.5", "198.18.129.3"));
    Map<String, List<String>> all = DnsFiles.withOwnTasks(known, List.of(TASK_ON_WEB, ON_GWBRIDGE),
        Map.of("web", Map.of("my-web", "198.18.129.2")));
    assertEquals(Map.of("198.18.129.2", List.of("198.18.129.5", "198.18.129.3", "198.18.129.7")), all);
    // What the table will hold once the task's own record is in the gossip table: the same script.
    assertEquals(VipRules.render(Map.of("198.18.129.2", List.of("198.18.129.3", "198.18.129.5", "198.18.129.7"))),
        VipRules.render(all));
  }

  @Test
  void anAddressIsNotAddedTwiceNorToAnotherNetworksServices() {
    Map<String, List<String>> known = Map.of("198.18.129.2", List.of("198.18.129.7"));
    assertEquals(known, DnsFiles.withOwnTasks(known, List.of(TASK_ON_WEB),
        Map.of("web", Map.of("my-web", "198.18.129.2"), "other", Map.of("my-web", "198.18.140.2"))));
    assertEquals(Map.of(), DnsFiles.withOwnTasks(Map.of(), List.of(TASK_ON_WEB),
        Map.of("other", Map.of("my-web", "198.18.140.2"))));
  }
}
