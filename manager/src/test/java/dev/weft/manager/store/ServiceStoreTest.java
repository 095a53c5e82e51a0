package dev.weft.manager.store;

import static dev.weft.manager.store.Actions.at;
import static dev.weft.manager.store.Actions.createCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.Attachment;
import dev.weft.proto.CreateAttachment;
import dev.weft.proto.CreateNetwork;
import dev.weft.proto.CreateService;
import dev.weft.proto.IpamConfig;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkSpec;
import dev.weft.proto.PortConfig;
import dev.weft.proto.RemoveNetwork;
import dev.weft.proto.RemoveService;
import dev.weft.proto.Service;
import dev.weft.proto.ServiceNetwork;
import dev.weft.proto.ServiceSpec;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import dev.weft.proto.UpdateService;
import dev.weft.proto.VirtualIp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's re-check of services: what two managers chose from the same state cannot both commit. */
class ServiceStoreTest {
  private final ClusterStore store = new ClusterStore();

  @BeforeEach
  void swarmWithANetwork() {
    assertTrue(store.apply(createCluster(1)).getOk());
    assertTrue(store.apply(at(2, StoreAction.newBuilder().setCreateNetwork(CreateNetwork.newBuilder().setNetwork(
        Network.newBuilder().setId("net-1").setVni(4096)
            .setSpec(NetworkSpec.newBuilder().setName("nginx-net").setDriver("overlay").setAttachable(true))
            .addAllocated(IpamConfig.newBuilder().setSubnet("198.18.128.0/24").setGateway("198.18.128.1")))))).getOk());
  }

  private static Service service(String id, String name, int published, String vip) {
    return Service.newBuilder().setId(id).setSpec(ServiceSpec.newBuilder().setName(name).addCommand("httpd")
            .addNetworks(ServiceNetwork.newBuilder().setTarget("net-1")))
        .addVirtualIps(VirtualIp.newBuilder().setNetworkId("net-1").setAddress(vip))
        .addPorts(PortConfig.newBuilder().setProtocol("tcp").setTargetPort(80).setPublishedPort(published)).build();
  }

  private StoreResult create(Service s) {
    return store.apply(at(3, StoreAction.newBuilder().setCreateService(CreateService.newBuilder().setService(s))));
  }

  @Test
  void aPortOrVirtualIpChosenTwiceFromTheSameStateIsRefusedTheSecondTime() {
    assertTrue(create(service("s1", "my-web", 8080, "198.18.128.2/24")).getOk());
    long version = store.state().version();
    StoreResult port = create(service("s2", "other", 8080, "198.18.128.3/24"));
    assertFalse(port.getOk());
    assertTrue(port.getError().contains("already in use by service 'my-web'"), port.getError());
    StoreResult vip = create(service("s3", "third", 8081, "198.18.128.2/24"));
    assertFalse(vip.getOk());
    assertTrue(vip.getError().contains("Address already in use: 198.18.128.2"), vip.getError());
    StoreResult name = create(service("s4", "my-web", 8082, "198.18.128.4/24"));
    assertTrue(name.getError().contains("already exists"), name.getError());
    assertEquals(version, store.state().version(), "nothing refused was stored");
  }

  @Test
  void aVirtualIpIsNotHandedToAContainerAndANetworkInUseStays() {
    assertTrue(create(service("s1", "my-web", 8080, "198.18.128.2/24")).getOk());
    StoreResult attach = store.apply(at(4, StoreAction.newBuilder().setCreateAttachment(CreateAttachment.newBuilder()
        .setAttachment(Attachment.newBuilder().setId("ep-1").setNetworkId("net-1").setNodeId(
            store.state().sortedNodes().iterator().next().getId()).setAddress("198.18.128.2/24")))));
    assertFalse(attach.getOk());
    assertTrue(attach.getError().contains("service my-web"), attach.getError());

    StoreResult rm = store.apply(at(5, StoreAction.newBuilder().setRemoveNetwork(RemoveNetwork.newBuilder()
        .setNetworkId("net-1"))));
    assertFalse(rm.getOk());
    assertTrue(rm.getError().contains("in use by service(s) my-web"), rm.getError());

    assertTrue(store.apply(at(6, StoreAction.newBuilder().setRemoveService(RemoveService.newBuilder()
        .setServiceId("s1")))).getOk());
    assertTrue(store.apply(at(7, StoreAction.newBuilder().setRemoveNetwork(RemoveNetwork.newBuilder()
        .setNetworkId("net-1")))).getOk());
  }

  @Test
  void anUpdateKeepsItsOwnPortAndAddressAndSurvivesASnapshot() {
    assertTrue(create(service("s1", "my-web", 8080, "198.18.128.2/24")).getOk());
    Service scaled = service("s1", "my-web", 8080, "198.18.128.2/24");
    StoreResult updated = store.apply(at(8, StoreAction.newBuilder().setUpdateService(UpdateService.newBuilder()
        .setService(scaled))));
    assertTrue(updated.getOk(), updated.getError());
    assertEquals(2, updated.getService().getMeta().getVersion());
    StoreState restored = StoreState.fromSnapshot(store.state().toSnapshot());
    assertEquals(store.state().services(), restored.services());
    StoreResult missing = store.apply(at(9, StoreAction.newBuilder().setUpdateService(UpdateService.newBuilder()
        .setService(service("s9", "ghost", 9000, "198.18.128.9/24")))));
    assertTrue(missing.getError().contains("not found"), missing.getError());
  }

  @Test
  void theStoredServiceCarriesTheDigestItsTasksAreMadeFromWhichScalingKeeps() {
    StoreResult created = create(service("s1", "my-web", 8080, "198.18.128.2/24"));
    long digest = created.getService().getSpecDigest();
    assertEquals(SpecDigest.of(created.getService().getSpec()), digest);
    assertTrue(digest != 0);
    Service scaled = service("s1", "my-web", 8080, "198.18.128.2/24");
    scaled = scaled.toBuilder().setSpec(scaled.getSpec().toBuilder().setReplicated(
        dev.weft.proto.ReplicatedMode.newBuilder().setReplicas(7))).build();
    StoreResult more = store.apply(at(8, StoreAction.newBuilder().setUpdateService(UpdateService.newBuilder()
        .setService(scaled))));
    assertEquals(digest, more.getService().getSpecDigest(), "scaling replaces no task");
    Service retargeted = scaled.toBuilder().setSpec(scaled.getSpec().toBuilder().addEnv("A=1")).build();
    StoreResult changed = store.apply(at(9, StoreAction.newBuilder().setUpdateService(UpdateService.newBuilder()
        .setService(retargeted))));
    assertTrue(changed.getService().getSpecDigest() != digest, "a new environment replaces the tasks");
  }

  @Test
  void aNodesTaskReportMovesOnlyForwardAndOnlyForItsOwnTask() {
    assertTrue(create(service("s1", "my-web", 8080, "198.18.128.2/24")).getOk());
    String node = store.state().sortedNodes().iterator().next().getId();
    dev.weft.proto.Task task = dev.weft.proto.Task.newBuilder().setId("t1").setServiceId("s1").setSlot(1)
        .setNodeId(node).setDesiredState(dev.weft.proto.TaskState.TASK_STATE_RUNNING)
        .setStatus(dev.weft.proto.TaskStatus.newBuilder().setState(dev.weft.proto.TaskState.TASK_STATE_ASSIGNED))
        .addAttachments(dev.weft.proto.TaskAttachment.newBuilder().setNetworkId("net-1").setAddress("198.18.128.3/24"))
        .build();
    assertTrue(store.apply(at(4, StoreAction.newBuilder().setPutTasks(dev.weft.proto.PutTasks.newBuilder()
        .addTasks(task)))).getOk());
    assertFalse(store.apply(at(4, StoreAction.newBuilder().setPutTasks(dev.weft.proto.PutTasks.newBuilder()
        .addTasks(task.toBuilder().setId("t2").setSlot(2))))).getOk(), "198.18.128.3 is t1's");

    assertTrue(report("t1", node, dev.weft.proto.TaskState.TASK_STATE_RUNNING).getOk());
    long version = store.state().version();
    assertTrue(report("t1", node, dev.weft.proto.TaskState.TASK_STATE_STARTING).getOk(), "a late report is no error");
    assertEquals(version, store.state().version(), "but changes nothing");
    assertEquals(dev.weft.proto.TaskState.TASK_STATE_RUNNING, store.state().tasks().get("t1").getStatus().getState());
    StoreResult stranger = report("t1", "other-node", dev.weft.proto.TaskState.TASK_STATE_FAILED);
    assertFalse(stranger.getOk());
    assertTrue(stranger.getError().contains("not assigned to node other-node"), stranger.getError());
  }

  private StoreResult report(String task, String node, dev.weft.proto.TaskState st) {
    return store.apply(at(5, StoreAction.newBuilder().setUpdateTaskStatus(dev.weft.proto.UpdateTaskStatus.newBuilder()
        .setTaskId(task).setNodeId(node).setStatus(dev.weft.proto.TaskStatus.newBuilder().setState(st)))));
  }
}
