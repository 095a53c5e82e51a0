package dev.weft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.DaemonClient;
import dev.weft.manager.raft.RaftSettings;
import dev.weft.proto.ControlGrpc;
import dev.weft.proto.Network;
import dev.weft.proto.NetworkLookup;
import dev.weft.proto.NetworkSpec;
import dev.weft.manager.network.NetworkAllocator;
import dev.weft.proto.Empty;
import dev.weft.proto.InitRequest;
import dev.weft.proto.JoinRequest;
import dev.weft.proto.ListNodesRequest;
import dev.weft.proto.NodeRef;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeView;
import dev.weft.proto.UpdateNodeRequest;
import dev.weft.security.ManagerChannels;
import dev.weft.security.NodeCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several daemons in one JVM on loopback addresses: the whole control path (unix socket → local
 * API → control service → Raft over mutual TLS → store) without containers.
 */
class InProcessClusterTest {
  @TempDir Path dir;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(TestNode::close);
  }

  private TestNode node(String name, int n) throws Exception {
    String address = "127.0.0." + n;
    TestNode node = new TestNode(name, address, TestNode.freePortPair(address), dir.resolve(name));
    nodes.add(node);
    return node;
  }

  /** n1 inits; the given managers and workers join; returns the nodes in order. */
  private List<TestNode> swarm(int managers, int workers) throws Exception {
    List<TestNode> all = new ArrayList<>();
    for (int i = 1; i <= managers + workers; i++) {
      all.add(node("n" + i, i));
    }
    TestNode first = all.get(0);
    try (DaemonClient c = first.client()) {
      c.swarm().init(InitRequest.newBuilder().setAdvertiseAddr(first.address).setListenAddr(first.listen()).build());
    }
    String managerToken;
    String workerToken;
    try (DaemonClient c = first.client()) {
      var tokens = c.control().getJoinTokens(Empty.getDefaultInstance()).getTokens();
      managerToken = tokens.getManager();
      workerToken = tokens.getWorker();
    }
    for (int i = 1; i < all.size(); i++) {
      TestNode n = all.get(i);
      try (DaemonClient c = n.client()) {
        c.swarm().join(JoinRequest.newBuilder().setToken(i < managers ? managerToken : workerToken)
            .setRemoteAddr(first.listen()).setAdvertiseAddr(n.address).setListenAddr(n.listen()).build());
      }
    }
    return all;
  }

  @Test
  void writesSurviveTheLeadersLossAndARestartedManagerCatchesUp() throws Exception {
    List<TestNode> all = swarm(3, 1);
    await("4 nodes Ready on every manager", () -> all.subList(0, 3).stream().allMatch(m -> ready(m) == 4));
    TestNode leader = all.stream().filter(n -> leaderName(all.get(0)).equals(n.name)).findFirst().orElseThrow();
    List<TestNode> followers = all.subList(0, 3).stream().filter(n -> n != leader).toList();

    label(followers.get(0), "before", "1");
    leader.stop();
    await("a new leader", () -> !leaderName(followers.get(0)).isEmpty() && !leaderName(followers.get(0)).equals(leader.name));
    label(followers.get(1), "after", "1");
    // The manager that took the write has applied it when it answers (read-your-writes); the other
    // applies it once the new leader's next append tells it the entry is committed.
    assertEquals(Map.of("before", "1", "after", "1"), labels(followers.get(1)));
    long written = System.nanoTime();
    await("the other follower applied the write", () -> labels(followers.get(0)).containsKey("after"));
    long lagMs = (System.nanoTime() - written) / 1_000_000;
    assertTrue(lagMs < 2_000, "the other follower applied the write after " + lagMs + " ms (heartbeats: 150 ms)");
    assertEquals(Map.of("before", "1", "after", "1"), labels(followers.get(0)));

    TestNode restarted = new TestNode(leader.name, leader.address, leader.port, leader.root);
    nodes.add(restarted);
    await("the restarted manager caught up", () -> labels(restarted).containsKey("after"));
    await("the restarted manager Ready", () -> state(followers.get(0), leader.name) == NodeState.NODE_STATE_READY);
    assertEquals(1, nodesOf(restarted).stream().filter(NodeView::getLeader).count());
  }

  /**
   * A write that times out for want of a quorum must not break the manager's later writes (Ratis'
   * ordered async client fails everything after one exhausted request, for as long as it lives).
   */
  @Test
  void aManagerThatLostItsQuorumCommitsAgainOnceThePeersAreBack() throws Exception {
    List<TestNode> all = swarm(3, 1);
    await("4 nodes Ready on every manager", () -> all.subList(0, 3).stream().allMatch(m -> ready(m) == 4));
    TestNode survivor = all.get(0);
    List<TestNode> stopped = all.subList(1, 3);
    stopped.forEach(TestNode::stop);
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> label(survivor, "alone", "1"));
    assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.getStatus().toString());

    for (TestNode s : stopped) {
      nodes.add(new TestNode(s.name, s.address, s.port, s.root));
    }
    await("a leader again", () -> !leaderName(nodes.get(nodes.size() - 1)).isEmpty());
    label(survivor, "back", "1");
    assertEquals("1", labels(survivor).get("back"));
  }

  @Test
  void aManagerJoiningAfterLogCompactionCatchesUpFromASnapshot() throws Exception {
    RaftSettings snapshotOften = new RaftSettings(RaftSettings.LAN.electionTimeoutMin(),
        RaftSettings.LAN.electionTimeoutMax(), RaftSettings.LAN.requestTimeout(), RaftSettings.LAN.writeTimeout(),
        RaftSettings.LAN.leaderStepDownWait(), 5);
    TestNode first = new TestNode("n1", "127.0.0.1", TestNode.freePortPair("127.0.0.1"), dir.resolve("n1"), snapshotOften);
    nodes.add(first);
    try (DaemonClient c = first.client()) {
      c.swarm().init(InitRequest.newBuilder().setAdvertiseAddr(first.address).setListenAddr(first.listen()).build());
    }
    for (int i = 0; i < 40; i++) {
      try (DaemonClient c = first.client()) {
        c.control().updateNode(UpdateNodeRequest.newBuilder().setRef("n1").putLabelsAdd("k" + i, "v" + i).build());
      }
    }
    assertTrue(java.nio.file.Files.walk(first.data.raftDir()).anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")),
        "the first manager took no snapshot");
    String managerToken;
    try (DaemonClient c = first.client()) {
      managerToken = c.control().getJoinTokens(Empty.getDefaultInstance()).getTokens().getManager();
    }
    TestNode second = new TestNode("n2", "127.0.0.2", TestNode.freePortPair("127.0.0.2"), dir.resolve("n2"), snapshotOften);
    nodes.add(second);
    try (DaemonClient c = second.client()) {
      c.swarm().join(JoinRequest.newBuilder().setToken(managerToken).setRemoteAddr(first.listen())
          .setAdvertiseAddr(second.address).setListenAddr(second.listen()).build());
    }
    await("n2 has every label", () -> labelsOf(second, "n1").size() == 40);
    second.stop();
    nodes.remove(second);
    TestNode again = new TestNode("n2", second.address, second.port, second.root, snapshotOften);
    nodes.add(again);
    await("n2 has every label after its restart", () -> labelsOf(again, "n1").size() == 40);
    assertEquals("v39", labelsOf(again, "n1").get("k39"));
  }

  private static Map<String, String> labelsOf(TestNode via, String node) {
    try (DaemonClient c = via.client()) {
      return c.control().getNode(NodeRef.newBuilder().setRef(node).build()).getNode().getSpec().getLabelsMap();
    }
  }

  @Test
  void overlayNetworksAreDefinedOnceForTheWholeSwarm() throws Exception {
    List<TestNode> all = swarm(2, 0);
    TestNode n1 = all.get(0);
    TestNode n2 = all.get(1);
    Network created;
    try (DaemonClient c = n1.client()) {
      created = c.control().createNetwork(NetworkSpec.newBuilder().setName("test-net").setDriver("overlay")
          .setAttachable(true).build());
    }
    // swarm init made the ingress network first: the pool's first /24 and the first VNI.
    assertEquals(NetworkAllocator.FIRST_VNI + 1, created.getVni());
    assertEquals("198.18.129.0/24", created.getAllocated(0).getSubnet());
    assertEquals("198.18.129.1", created.getAllocated(0).getGateway());
    await("n2 sees test-net", () -> networksOn(n2).stream().anyMatch(n -> n.getId().equals(created.getId())));

    try (DaemonClient c = n2.client()) {
      assertRefused(() -> c.control().createNetwork(spec("test-net", "")), "already exists");
      assertRefused(() -> c.control().createNetwork(spec("other", "198.18.129.128/25")), "overlaps");
      assertRefused(() -> c.control().createNetwork(spec("ingress2", "").toBuilder().setIngress(true).build()),
          "already present");
      assertRefused(() -> c.control().createNetwork(spec("tiny", "198.18.150.0/30")), "too small");
      assertRefused(() -> c.control().createNetwork(spec("both", "").toBuilder().setAttachable(true).setIngress(true)
          .build()), "cannot be attachable");
      Network second = c.control().createNetwork(spec("second", ""));
      assertEquals(NetworkAllocator.FIRST_VNI + 2, second.getVni());
      assertEquals("198.18.130.0/24", second.getAllocated(0).getSubnet());
      c.control().removeNetwork(NetworkLookup.newBuilder().setRef("test-net").build());
    }
    await("test-net gone on n1", () -> networksOn(n1).stream().noneMatch(n -> n.getSpec().getName().equals("test-net")));
    try (DaemonClient c = n1.client()) {
      assertEquals(NetworkAllocator.FIRST_VNI + 1, c.control().createNetwork(spec("again", "")).getVni(),
          "a removed network's VNI is free again");
    }
  }

  @Test
  void aWorkerAttachesThroughTheManagersAndFollowsItsAssignmentStream() throws Exception {
    List<TestNode> all = swarm(1, 1);
    TestNode manager = all.get(0);
    TestNode worker = all.get(1);
    try (DaemonClient c = manager.client()) {
      c.control().createNetwork(NetworkSpec.newBuilder().setName("test-net").setDriver("overlay").setAttachable(true)
          .build());
      c.control().createNetwork(spec("services-only", ""));
    }
    NodeCredentials credentials = worker.data.loadCredentials().orElseThrow();
    ManagedChannel channel = ManagerChannels.open(manager.listen(), credentials.channelCredentials());
    java.util.concurrent.BlockingQueue<dev.weft.proto.Assignments> stream = new java.util.concurrent.LinkedBlockingQueue<>();
    io.grpc.Context.CancellableContext watching = io.grpc.Context.current().withCancellation();
    try {
      watching.run(() -> dev.weft.proto.DispatcherGrpc.newStub(channel).streamAssignments(
          dev.weft.proto.AssignmentsRequest.getDefaultInstance(), new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(dev.weft.proto.Assignments value) {
              stream.add(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          }));
      var full = stream.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(full != null && full.getFull(), String.valueOf(full));
      assertTrue(full.getNetworksList().stream().allMatch(n -> n.getSpec().getIngress()),
          "no network but the ingress network before the worker attaches: " + full);
      // Every node joins the routing mesh as it joins the swarm: its ingress address is in the full
      // set or in the deltas right after it, and nothing else is.
      long version = full.getVersion();
      boolean inMesh = inMesh(full);
      while (!inMesh) {
        var next = stream.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(next != null && !next.getFull() && next.getBaseVersion() == version, String.valueOf(next));
        version = next.getVersion();
        inMesh = inMesh(next);
      }

      var dispatcher = dev.weft.proto.DispatcherGrpc.newBlockingStub(channel)
          .withDeadlineAfter(java.time.Duration.ofSeconds(10));
      var attached = dispatcher.attach(dev.weft.proto.AttachRequest.newBuilder().setNetwork("test-net")
          .setEndpointId("ep-1").setContainerName("alpine2").build());
      assertEquals("198.18.129.2/24", attached.getAttachment().getAddress());
      assertEquals(4789, attached.getDataPathPort());
      assertEquals(attached, dispatcher.attach(dev.weft.proto.AttachRequest.newBuilder().setNetwork("test-net")
          .setEndpointId("ep-1").setContainerName("alpine2").build()), "a retry gets the same attachment");
      assertRefused(() -> dispatcher.attach(dev.weft.proto.AttachRequest.newBuilder().setNetwork("services-only")
          .setEndpointId("ep-2").build()), "not manually attachable");
      assertRefused(() -> dispatcher.attach(dev.weft.proto.AttachRequest.newBuilder().setNetwork("test-net")
          .setEndpointId("ep-3").setIpv4("198.18.129.2").build()), "Address already in use");

      var delta = stream.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(delta != null && !delta.getFull(), String.valueOf(delta));
      assertEquals(version, delta.getBaseVersion(), "deltas chain on the version before");
      assertEquals("test-net", delta.getNetworks(0).getSpec().getName());
      assertEquals("ep-1", delta.getAttachments(0).getId());

      try (DaemonClient c = manager.client()) {
        assertRefused(() -> c.control().removeNetwork(NetworkLookup.newBuilder().setRef("test-net").build()),
            "in use by 1 endpoint(s) (alpine2");
      }
      dispatcher.detach(dev.weft.proto.DetachRequest.newBuilder().setEndpointId("ep-1").build());
      var removal = stream.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(removal != null && removal.getRemovedAttachmentIdsList().contains("ep-1"), String.valueOf(removal));
      assertEquals(delta.getVersion(), removal.getBaseVersion());
      try (DaemonClient c = manager.client()) {
        c.control().removeNetwork(NetworkLookup.newBuilder().setRef("test-net").build());
      }
    } finally {
      watching.cancel(null);
      ManagerChannels.close(channel);
    }
  }

  /** Whether an assignment message gives the node its routing-mesh address on the ingress network. */
  private static boolean inMesh(dev.weft.proto.Assignments a) {
    return a.getAttachmentsList().stream().anyMatch(x -> x.getContainerName().equals("ingress-endpoint"));
  }

  @Test
  void anExhaustedDefaultPoolIsReportedToTheUser() throws Exception {
    TestNode n1 = node("n1", 1);
    try (DaemonClient c = n1.client()) {
      c.swarm().init(InitRequest.newBuilder().setAdvertiseAddr(n1.address).setListenAddr(n1.listen())
          .addDefaultAddrPool("198.18.200.0/23").setDefaultAddrPoolMaskLength(24).build());
      c.control().createNetwork(spec("a", "")); // the other /24 went to the ingress network
      assertRefused(() -> c.control().createNetwork(spec("b", "")), "used up");
      assertEquals(2, c.control().listNetworks(Empty.getDefaultInstance()).getNetworksCount());
    }
  }

  private static NetworkSpec spec(String name, String subnet) {
    NetworkSpec.Builder b = NetworkSpec.newBuilder().setName(name).setDriver("overlay");
    if (!subnet.isEmpty()) {
      b.addIpam(dev.weft.proto.IpamConfig.newBuilder().setSubnet(subnet));
    }
    return b.build();
  }

  @Test
  void servicesAreDefinedOnceForTheWholeSwarmThroughTheCli() throws Exception {
    List<TestNode> all = swarm(2, 0);
    TestNode n1 = all.get(0);
    TestNode n2 = all.get(1);
    try (DaemonClient c = n1.client()) {
      c.control().createNetwork(spec("nginx-net", ""));
    }
    String id = cli(n1, 0, "service", "create", "--detach", "--name", "my-web", "--publish", "target=80,published=8080",
        "--replicas=5", "--network", "nginx-net", "--", "busybox", "httpd", "-f", "-p", "80").strip();
    await("n2 lists my-web", () -> cli(n2, 0, "service", "ls").contains("my-web"));
    String ls = cli(n2, 0, "service", "ls");
    assertTrue(ls.matches("(?s).*" + id.substring(0, 12) + "\\s+my-web\\s+replicated\\s+0/5\\s+\\*:8080->80/tcp.*"), ls);

    JsonNode inspect = new ObjectMapper().readTree(cli(n2, 0, "service", "inspect", "my-web")).get(0);
    assertEquals(5, inspect.at("/Spec/Mode/Replicated/Replicas").asInt());
    assertEquals(8080, inspect.at("/Endpoint/Ports/0/PublishedPort").asInt());
    assertTrue(inspect.at("/Endpoint/VirtualIPs/0/Addr").asText().startsWith("198.18.128."), inspect.toString());

    // The leader's loop makes five tasks, spread over both nodes, each with its own address.
    await("5 tasks assigned", () -> cli(n1, 0, "service", "ps", "-q", "my-web").strip().lines().count() == 5);
    String ps = cli(n2, 0, "service", "ps", "my-web");
    assertEquals(5, ps.lines().filter(l -> l.contains("Running") && l.contains("Assigned")).count(), ps);
    long onN1 = ps.lines().filter(l -> l.contains(" " + n1.name + " ")).count();
    long onN2 = ps.lines().filter(l -> l.contains(" " + n2.name + " ")).count();
    assertEquals(java.util.Set.of(2L, 3L), java.util.Set.of(onN1, onN2), "spread 3/2: " + ps);
    try (DaemonClient c = n1.client()) {
      List<String> addresses = c.control().listTasks(dev.weft.proto.ServiceLookup.newBuilder().setRef("my-web").build())
          .getTasksList().stream().map(t -> t.getAttachments(0).getAddress()).distinct().toList();
      assertEquals(5, addresses.size(), "every task has its own address: " + addresses);
    }

    // Bad input: each refused with the problem named, nothing stored.
    assertTrue(cli(n2, 1, "service", "create", "--name", "x", "--network", "nope", "--", "sleep", "1d")
        .contains("network nope not found"));
    assertTrue(cli(n2, 1, "service", "create", "--name", "x", "-p", "8080:80", "--", "sleep", "1d")
        .contains("already in use by service 'my-web'"));
    assertTrue(cli(n2, 1, "service", "create", "--name", "x", "--endpoint-mode", "dnsrr", "-p", "9090:80", "--",
        "sleep", "1d").contains("can't be used with dnsrr"));
    assertTrue(cli(n2, 1, "service", "create", "--name", "x", "--replicas", "-1", "--", "sleep", "1d")
        .contains("must not be negative"));
    assertTrue(cli(n2, 1, "service", "create", "--name", "x", "--mode", "global", "--replicas", "2", "--",
        "sleep", "1d").contains("replicas can only be used with replicated mode"));
    assertEquals(1, cli(n1, 0, "service", "ls", "-q").strip().lines().count(), "nothing refused was stored");

    cli(n2, 0, "service", "scale", "-d", "my-web=3");
    await("n1 sees 3 replicas", () -> cli(n1, 0, "service", "ls").contains("0/3"));
    await("slots 4 and 5 shut down", () -> cli(n1, 0, "service", "ps", "my-web").lines()
        .filter(l -> l.contains("my-web.4") || l.contains("my-web.5")).allMatch(l -> l.contains("Shutdown")));
    try (DaemonClient c = n1.client()) {
      NetworkLookup nginxNet = NetworkLookup.newBuilder().setRef("nginx-net").build();
      assertRefused(() -> c.control().removeNetwork(nginxNet), "in use by service(s) my-web");
      cli(n1, 0, "service", "rm", "my-web");
      c.control().removeNetwork(nginxNet);
    }
  }

  /** Runs the weft CLI against {@code node}; its stdout, or its stderr when it exits as expected with non-zero. */
  private static String cli(TestNode node, int expectedExit, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    String[] withHost = new String[args.length + 2];
    withHost[0] = "-H";
    withHost[1] = "unix://" + node.root.resolve("run/weft.sock");
    System.arraycopy(args, 0, withHost, 2, args.length);
    int exit = dev.weft.cli.Weft.run(withHost, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    assertEquals(expectedExit, exit, "weft " + String.join(" ", args) + ": " + out + err);
    return expectedExit == 0 ? out.toString() : err.toString();
  }

  private static List<Network> networksOn(TestNode via) {
    try (DaemonClient c = via.client()) {
      return c.control().listNetworks(Empty.getDefaultInstance()).getNetworksList();
    }
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable call, String expected) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertTrue(String.valueOf(e.getStatus().getDescription()).contains(expected),
        "expected '" + expected + "' in: " + e.getStatus());
  }

  @Test
  void onlyManagerCertificatesMayCallTheControlApi() throws Exception {
    List<TestNode> all = swarm(1, 1);
    TestNode manager = all.get(0);
    TestNode worker = all.get(1);
    await("2 nodes Ready", () -> ready(manager) == 2);
    NodeCredentials workerCredentials = worker.data.loadCredentials().orElseThrow();
    NodeCredentials managerCredentials = manager.data.loadCredentials().orElseThrow();

    StatusRuntimeException denied = assertThrows(StatusRuntimeException.class,
        () -> listNodesOverTls(manager, workerCredentials.channelCredentials()));
    assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());

    StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
        () -> listNodesOverTls(manager, NodeCredentials.anonymous(managerCredentials.caCertPem())));
    assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());

    assertEquals(2, listNodesOverTls(manager, managerCredentials.channelCredentials()));

    try (DaemonClient c = worker.client()) {
      StatusRuntimeException local = assertThrows(StatusRuntimeException.class,
          () -> c.control().listNodes(ListNodesRequest.getDefaultInstance()));
      assertEquals(Status.Code.FAILED_PRECONDITION, local.getStatus().getCode());
      assertTrue(local.getStatus().getDescription().contains("Worker nodes can't be used"));
    }
  }

  @Test
  void aServerWithAnotherCaIsNotTrusted() throws Exception {
    TestNode a = node("a", 1);
    TestNode b = node("b", 2);
    for (TestNode n : List.of(a, b)) {
      try (DaemonClient c = n.client()) {
        c.swarm().init(InitRequest.newBuilder().setAdvertiseAddr(n.address).setListenAddr(n.listen()).build());
      }
    }
    NodeCredentials fromA = a.data.loadCredentials().orElseThrow();
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> listNodesOverTls(b, fromA.channelCredentials()));
    assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
    StatusRuntimeException plain = assertThrows(StatusRuntimeException.class,
        () -> listNodesOverTls(b, TlsChannelCredentials.create()));
    assertEquals(Status.Code.UNAVAILABLE, plain.getStatus().getCode());
  }

  private static int listNodesOverTls(TestNode manager, io.grpc.ChannelCredentials credentials) {
    ManagedChannel channel = ManagerChannels.open(manager.listen(), credentials);
    try {
      return ControlGrpc.newBlockingStub(channel).withDeadlineAfter(java.time.Duration.ofSeconds(10))
          .listNodes(ListNodesRequest.getDefaultInstance()).getNodesCount();
    } finally {
      ManagerChannels.close(channel);
    }
  }

  private static void label(TestNode via, String key, String value) {
    try (DaemonClient c = via.client()) {
      c.control().updateNode(UpdateNodeRequest.newBuilder().setRef("n4").putLabelsAdd(key, value).build());
    }
  }

  private static Map<String, String> labels(TestNode via) {
    try (DaemonClient c = via.client()) {
      return c.control().getNode(NodeRef.newBuilder().setRef("n4").build()).getNode().getSpec().getLabelsMap();
    }
  }

  private static List<NodeView> nodesOf(TestNode via) {
    try (DaemonClient c = via.client()) {
      return c.control().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
    }
  }

  private static long ready(TestNode via) {
    return nodesOf(via).stream().filter(n -> n.getNode().getStatus().getState() == NodeState.NODE_STATE_READY).count();
  }

  private static NodeState state(TestNode via, String name) {
    return nodesOf(via).stream().filter(n -> n.getNode().getDescription().getHostname().equals(name))
        .map(n -> n.getNode().getStatus().getState()).findFirst().orElse(NodeState.NODE_STATE_UNKNOWN);
  }

  private static String leaderName(TestNode via) {
    return nodesOf(via).stream().filter(NodeView::getLeader).map(n -> n.getNode().getDescription().getHostname())
        .findFirst().orElse("");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
