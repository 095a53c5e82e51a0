package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.EndpointSpec;
import dev.weft.proto.GlobalMode;
import dev.weft.proto.PortConfig;
import dev.weft.proto.PublishMode;
import dev.weft.proto.ReplicatedMode;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceFlagsTest {
  private static PortConfig port(int published, int target, String protocol, PublishMode mode) {
    return PortConfig.newBuilder().setPublishedPort(published).setTargetPort(target).setProtocol(protocol)
        .setPublishMode(mode).build();
  }

  @Test
  void publishReadsBothOfDockersForms() {
    assertEquals(port(8080, 80, "tcp", PublishMode.PUBLISH_MODE_INGRESS), ServiceFlags.publish("target=80,published=8080"));
    assertEquals(port(53, 53, "udp", PublishMode.PUBLISH_MODE_HOST),
        ServiceFlags.publish("published=53,target=53,protocol=udp,mode=host"));
    assertEquals(port(8080, 80, "tcp", PublishMode.PUBLISH_MODE_INGRESS), ServiceFlags.publish("8080:80"));
    assertEquals(port(0, 80, "udp", PublishMode.PUBLISH_MODE_INGRESS), ServiceFlags.publish("80/udp"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ServiceFlags.publish("published=8080"))
        .getMessage().contains("target= is required"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ServiceFlags.publish("target=80,mode=bridge"))
        .getMessage().contains("ingress or host"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ServiceFlags.publish("70000:80"))
        .getMessage().contains("1-65535"));
  }

  @Test
  void networksRepliasAndColumns() {
    assertEquals(ServiceNetwork.newBuilder().setTarget("n").addAliases("a").build(), ServiceFlags.network("name=n,alias=a"));
    assertEquals("n", ServiceFlags.network("n").getTarget());
    assertThrows(IllegalArgumentException.class, () -> ServiceFlags.network("alias=a"));
    assertEquals(5, ServiceFlags.replicas("5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ServiceFlags.replicas("-1")).getMessage()
        .contains("must not be negative"));
    Service s = Service.newBuilder().setSpec(ServiceSpec.newBuilder().setReplicated(ReplicatedMode.newBuilder()
            .setReplicas(5)))
        .addPorts(port(8080, 80, "tcp", PublishMode.PUBLISH_MODE_INGRESS))
        .addPorts(port(53, 53, "udp", PublishMode.PUBLISH_MODE_HOST)).build();
    assertEquals("*:8080->80/tcp, :53->53/udp", ServiceFlags.ports(s));
    assertEquals("2/5", ServiceFlags.replicas(s.getSpec(), 2, 3));
    assertEquals("3/3", ServiceFlags.replicas(ServiceSpec.newBuilder().setGlobal(GlobalMode.getDefaultInstance())
        .build(), 3, 3));
  }

  @Test
  void updateChangesOnlyWhatItsFlagsName() {
    Service current = Service.newBuilder().setId("s1").setSpec(ServiceSpec.newBuilder().setName("my-web")
        .setReplicated(ReplicatedMode.newBuilder().setReplicas(5))
        .addNetworks(ServiceNetwork.newBuilder().setTarget("net-1"))
        .setEndpoint(EndpointSpec.newBuilder().addPorts(port(8080, 80, "tcp", PublishMode.PUBLISH_MODE_INGRESS)))).build();
    ServiceSpec next = ServiceUpdate.changed(current, null, List.of("nginx-net-2"), List.of("net-1"), List.of("9090:90"),
        List.of("80"), null);
    assertEquals(List.of("nginx-net-2"), next.getNetworksList().stream().map(ServiceNetwork::getTarget).toList());
    assertEquals(List.of(port(9090, 90, "tcp", PublishMode.PUBLISH_MODE_INGRESS)), next.getEndpoint().getPortsList());
    assertEquals(5, next.getReplicated().getReplicas());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ServiceUpdate.changed(current, null, List.of(),
        List.of("net-9"), List.of(), List.of(), null)).getMessage().contains("not on network"));
  }
}
