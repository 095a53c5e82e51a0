package dev.weft.manager.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.Node;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.VirtualIp;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MeshEndpointsTest {
  static final Network INGRESS = Network.newBuilder().setId("ing").setSpec(NetworkSpec.newBuilder().setName("ingress")
      .setIngress(true)).addAllocated(IpamConfig.newBuilder().setSubnet("198.18.128.0/24").setGateway("198.18.128.1"))
      .build();
  static final Map<String, Node> NODES = Map.of("a", node("a"), "b", node("b"), "c", node("c"));

  private int next;
  private final Supplier<String> ids = () -> "e" + (++next);

  private static Node node(String id) {
    return Node.newBuilder().setId(id).build();
  }

  private static Service web(PublishMode mode) {
    return Service.newBuilder().setId("web").setSpec(ServiceSpec.newBuilder().setName("web"))
        .addPorts(PortConfig.newBuilder().setProtocol("tcp").setTargetPort(80).setPublishedPort(8080)
            .setPublishMode(mode))
        .addVirtualIps(VirtualIp.newBuilder().setNetworkId("ing").setAddress("198.18.128.2/24")).build();
  }

  private static StoreState state(Map<String, Network> networks, Map<String, Attachment> attachments,
      Service... services) {
    Map<String, Service> byId = new java.util.TreeMap<>();
    for (Service s : services) {
      byId.put(s.getId(), s);
    }
    return new StoreState(1, Cluster.getDefaultInstance(), NODES, Set.of(), networks, attachments, byId, Map.of());
  }

  @Test
  void everyNodeGetsItsOwnAddressBeforeAnyPortIsPublished() {
    List<Attachment> planned = MeshEndpoints.plan(state(Map.of("ing", INGRESS), Map.of(),
        web(PublishMode.PUBLISH_MODE_HOST)), ids);
    assertEquals(Set.of("a", "b", "c"), new HashSet<>(planned.stream().map(Attachment::getNodeId).toList()));
    Set<String> addresses = new HashSet<>(planned.stream().map(Attachment::getAddress).toList());
    assertEquals(3, addresses.size(), "no address twice: " + addresses);
    assertTrue(!addresses.contains("198.18.128.2/24") && !addresses.contains("198.18.128.1/24"),
        "neither the gateway nor the service's virtual IP: " + addresses);
    assertTrue(planned.stream().allMatch(a -> a.getNetworkId().equals("ing")
        && a.getContainerName().equals(MeshEndpoints.NAME)));
  }

  @Test
  void nodesThatHaveOneKeepItAndNothingIsPlannedWithoutAnIngressNetwork() {
    Attachment onA = Attachment.newBuilder().setId("x").setNetworkId("ing").setNodeId("a")
        .setAddress("198.18.128.3/24").build();
    List<Attachment> planned = MeshEndpoints.plan(state(Map.of("ing", INGRESS), Map.of("x", onA),
        web(PublishMode.PUBLISH_MODE_INGRESS)), ids);
    assertEquals(List.of("b", "c"), planned.stream().map(Attachment::getNodeId).toList());
    assertTrue(planned.stream().noneMatch(a -> a.getAddress().equals(onA.getAddress())));

    assertEquals(List.of(), MeshEndpoints.plan(state(Map.of(), Map.of(), web(PublishMode.PUBLISH_MODE_INGRESS)), ids),
        "no ingress network, no mesh");
  }
}
