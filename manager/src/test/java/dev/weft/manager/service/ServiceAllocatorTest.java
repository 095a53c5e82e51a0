package dev.weft.manager.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.EndpointMode;
import dev.weft.proto.EndpointSpec;
import dev.weft.proto.GlobalMode;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.VirtualIp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceAllocatorTest {
  private static final Network NGINX = network("n1", "nginx-net", "198.18.128.0/24", false);
  private static final Network INGRESS = network("ing", "ingress", "198.18.255.0/24", true);

  private static Network network(String id, String name, String subnet, boolean ingress) {
    String gateway = subnet.substring(0, subnet.lastIndexOf('.')) + ".1";
    return Network.newBuilder().setId(id).setSpec(NetworkSpec.newBuilder().setName(name).setIngress(ingress))
        .addAllocated(IpamConfig.newBuilder().setSubnet(subnet).setGateway(gateway)).build();
  }

  private static StoreState state(List<Service> services, Attachment... attachments) {
    Map<String, Attachment> held = new java.util.HashMap<>();
    for (Attachment a : attachments) {
      held.put(a.getId(), a);
    }
    Map<String, Service> byId = new java.util.HashMap<>();
    services.forEach(s -> byId.put(s.getId(), s));
    return new StoreState(1, Cluster.getDefaultInstance(), Map.of(), Set.of(), Map.of("n1", NGINX, "ing", INGRESS),
        held, byId);
  }

  private static ServiceSpec.Builder web(String name) {
    return ServiceSpec.newBuilder().setName(name).addCommand("httpd")
        .addNetworks(ServiceNetwork.newBuilder().setTarget("nginx-net"));
  }

  private static PortConfig port(int published, int target) {
    return PortConfig.newBuilder().setPublishedPort(published).setTargetPort(target).build();
  }

  private static String refusal(ServiceSpec spec, StoreState state) {
    return assertThrows(IllegalArgumentException.class, () -> ServiceAllocator.allocate("s9", spec, state, null))
        .getMessage();
  }

  @Test
  void aPublishedVipServiceGetsAVipOnItsNetworkAndOnIngress() {
    Service s = ServiceAllocator.allocate("s1", web("my-web")
        .setEndpoint(EndpointSpec.newBuilder().addPorts(port(8080, 80))).build(), state(List.of()), null);
    assertEquals(1, s.getSpec().getReplicated().getReplicas(), "replicated, one task, unless asked otherwise");
    assertEquals("n1", s.getSpec().getNetworks(0).getTarget(), "the network is stored by id");
    assertEquals(List.of(VirtualIp.newBuilder().setNetworkId("ing").setAddress("198.18.255.2/24").build(),
        VirtualIp.newBuilder().setNetworkId("n1").setAddress("198.18.128.2/24").build()), s.getVirtualIpsList());
    assertEquals("tcp", s.getPorts(0).getProtocol());
    assertEquals(8080, s.getPorts(0).getPublishedPort());
  }

  @Test
  void vipsAvoidAttachmentsAndOtherServicesAndDnsrrHasNone() {
    Attachment held = Attachment.newBuilder().setId("e1").setNetworkId("n1").setAddress("198.18.128.2/24")
        .setContainerName("alpine1").build();
    Service first = ServiceAllocator.allocate("s1", web("a").build(), state(List.of(), held), null);
    assertEquals("198.18.128.3/24", first.getVirtualIps(0).getAddress());
    Service second = ServiceAllocator.allocate("s2", web("b").build(), state(List.of(first), held), null);
    assertEquals("198.18.128.4/24", second.getVirtualIps(0).getAddress());
    Service rr = ServiceAllocator.allocate("s3", web("c").setEndpoint(EndpointSpec.newBuilder()
        .setMode(EndpointMode.ENDPOINT_MODE_DNSRR)).build(), state(List.of()), null);
    assertTrue(rr.getVirtualIpsList().isEmpty());
  }

  @Test
  void dynamicPortsComeFromDockersRangeAndSurviveAnUpdate() {
    Service taken = ServiceAllocator.allocate("s1", web("a")
        .setEndpoint(EndpointSpec.newBuilder().addPorts(port(30000, 80))).build(), state(List.of()), null);
    ServiceSpec dynamic = web("b").setEndpoint(EndpointSpec.newBuilder().addPorts(port(0, 80))).build();
    Service b = ServiceAllocator.allocate("s2", dynamic, state(List.of(taken)), null);
    assertEquals(30001, b.getPorts(0).getPublishedPort());
    Service updated = ServiceAllocator.allocate("s2", dynamic.toBuilder().setReplicated(
        dev.weft.proto.ReplicatedMode.newBuilder().setReplicas(5)).build(), state(List.of(taken, b)), b);
    assertEquals(30001, updated.getPorts(0).getPublishedPort(), "an update keeps the port clients use");
    assertEquals(b.getVirtualIpsList(), updated.getVirtualIpsList(), "and the virtual IPs");
  }

  @Test
  void badInputIsRefusedWithTheProblemNamed() {
    Service other = ServiceAllocator.allocate("s1", web("my-web")
        .setEndpoint(EndpointSpec.newBuilder().addPorts(port(8080, 80))).build(), state(List.of()), null);
    StoreState withOther = state(List.of(other));
    assertTrue(refusal(web("x").clearNetworks().addNetworks(ServiceNetwork.newBuilder().setTarget("nope")).build(),
        withOther).contains("network nope not found"));
    assertTrue(refusal(web("x").setEndpoint(EndpointSpec.newBuilder().addPorts(port(8080, 81))).build(), withOther)
        .contains("already in use by service 'my-web'"));
    assertTrue(refusal(web("x").setEndpoint(EndpointSpec.newBuilder().setMode(EndpointMode.ENDPOINT_MODE_DNSRR)
        .addPorts(port(9090, 80))).build(), withOther).contains("can't be used with dnsrr"));
    assertTrue(refusal(web("my-web").build(), withOther).contains("already exists"));
    assertTrue(refusal(web("x").clearNetworks().addNetworks(ServiceNetwork.newBuilder().setTarget("ingress")).build(),
        withOther).contains("ingress"));
    assertTrue(refusal(web("x").clearCommand().build(), withOther).contains("no command"));
    assertTrue(refusal(web("bad name").build(), withOther).contains("invalid service name"));
    assertTrue(refusal(web("x").setEndpoint(EndpointSpec.newBuilder().addPorts(port(8081, 80))
        .addPorts(port(8081, 81))).build(), withOther).contains("published twice"));
    assertTrue(refusal(web("x").setEndpoint(EndpointSpec.newBuilder().addPorts(port(8081, 80).toBuilder()
        .setProtocol("sctp"))).build(), withOther).contains("tcp or udp"));
    // dnsrr with a host-mode port is fine; a global service has no replicas to check
    ServiceAllocator.allocate("s2", web("y").setGlobal(GlobalMode.getDefaultInstance())
        .setEndpoint(EndpointSpec.newBuilder().setMode(EndpointMode.ENDPOINT_MODE_DNSRR)
            .addPorts(port(9090, 80).toBuilder().setPublishMode(PublishMode.PUBLISH_MODE_HOST))).build(), withOther, null);
  }
}
