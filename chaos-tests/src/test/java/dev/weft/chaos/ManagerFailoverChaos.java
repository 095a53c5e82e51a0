package dev.weft.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.DaemonClient;
import dev.weft.lab.Await;
import dev.weft.lab.Lab;
import dev.weft.lab.LabCli;
import dev.weft.lab.LabSwarm;
import dev.weft.lab.LabelWriter;
import dev.weft.lab.NodeTable;
import dev.weft.proto.NodeRef;
import dev.weft.proto.NodeState;
import dev.weft.proto.UpdateNodeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults on a swarm of three managers (h1–h3) and two workers (h4, h5), each a real host:
 * kill -9 of the leader under writes, a manager cut off the network, a worker restarted, a
 * worker's link cut, a worker under CPU pressure, and kill -9 of the leader during a service scale.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DumpOnFailure.class)
class ManagerFailoverChaos {
  static final List<String> MANAGERS = List.of("h1", "h2", "h3");
  static Lab lab;

  @BeforeAll
  static void startSwarm() {
    lab = LabFixture.start("failover", 5, "");
    DumpOnFailure.lab = lab;
    LabSwarm.form(lab, MANAGERS, List.of("h4", "h5"));
    Await.until("5 nodes Ready with one leader", Duration.ofSeconds(20), () -> {
      NodeTable t = NodeTable.read(lab, "h1");
      return t.ready() == 5 && t.leaders().size() == 1 && t.managers() == 3;
    }, () -> NodeTable.tryRead(lab, "h1").toString());
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void killingTheLeaderLosesNoAcknowledgedWrite() throws Exception {
    String leader = leader();
    LabelWriter writer = new LabelWriter(lab, MANAGERS, "h4");
    Thread writing = new Thread(writer, "writer");
    Map<String, NodeState> wronglyDown = new ConcurrentHashMap<>();
    Thread watching = watchForDown(leader, wronglyDown);
    writing.start();
    Await.until("some writes acknowledged", Duration.ofSeconds(10), () -> writer.acks().size() >= 20, () -> "");
    lab.killDaemon(leader);
    long killedAt = System.nanoTime(); // the daemon is dead once the kill command returns
    Await.until("a write sent after the leader was killed acknowledged", Duration.ofSeconds(15),
        () -> writer.firstAckOfWriteSentAfter(killedAt).isPresent(), () -> "");
    long failover = writer.firstAckOfWriteSentAfter(killedAt).orElseThrow();
    System.out.printf("leader %s killed: first acknowledged write %d ms later%n", leader, failover / 1_000_000);
    String survivor = MANAGERS.stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
    Await.until("a new leader", Duration.ofSeconds(10), () -> {
      List<String> leaders = NodeTable.read(lab, survivor).leaders();
      return leaders.size() == 1 && !leaders.get(0).equals(leader);
    }, () -> NodeTable.tryRead(lab, survivor).toString());
    TimeUnit.SECONDS.sleep(2);
    writer.stop();
    writing.join();
    watching.interrupt();
    watching.join();
    assertTrue(wronglyDown.isEmpty(), "healthy nodes were marked Down during the leader change: " + wronglyDown);

    lab.startDaemon(leader);
    lab.awaitDaemon(leader, Duration.ofSeconds(60));
    Await.until(leader + " Ready again", Duration.ofSeconds(30),
        () -> NodeTable.read(lab, survivor).state(leader) == NodeState.NODE_STATE_READY, () -> lab.daemonLog(leader));

    Set<String> acknowledged = Set.copyOf(writer.acks().stream().map(LabelWriter.Ack::key).toList());
    System.out.printf("%d writes acknowledged%n", acknowledged.size());
    for (String manager : MANAGERS) {
      Await.until("every acknowledged write on " + manager, Duration.ofSeconds(15),
          () -> labelsOnH4(manager).keySet().containsAll(acknowledged),
          () -> "missing " + acknowledged.stream().filter(k -> !labelsOnH4(manager).containsKey(k)).limit(10).toList());
    }
    // A manager's view of the leader is empty while its election timer has fired and it is in
    // Ratis' pre-vote (it sets no leader even when the vote fails), which a loaded machine causes
    // now and then: the property is one leader, as h1 sees it, once heartbeats arrive again.
    Await.until("h1 sees exactly one leader", Duration.ofSeconds(10),
        () -> NodeTable.read(lab, "h1").leaders().size() == 1, () -> NodeTable.tryRead(lab, "h1").toString());
  }

  @Test
  @Order(2)
  void anIsolatedManagerRefusesWritesAndCatchesUp() {
    String leader = leader();
    String isolated = MANAGERS.stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
    lab.disconnect(isolated);
    long cutAt = System.nanoTime();
    Duration down = Await.until(isolated + " Down", Duration.ofSeconds(10),
        () -> NodeTable.read(lab, leader).state(isolated) == NodeState.NODE_STATE_DOWN, () -> "");
    System.out.printf("manager %s cut off: Down after %d ms%n", isolated, down.toMillis());
    assertTrue(down.compareTo(Duration.ofSeconds(5)) <= 0, "Down after " + down + ", want <= 5s");

    update(leader, "during-partition");
    long start = System.nanoTime();
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> update(isolated, "isolated"));
    long refusedMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("isolated manager refused a write after %d ms: %s%n", refusedMs, refused.getStatus());
    assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
    assertTrue(refused.getStatus().getDescription().contains("quorum"), refused.getStatus().getDescription());
    assertFalse(labelsOnH4(leader).containsKey("isolated"));
    // Nor does it answer reads from its old state: Docker's minority managers say the swarm has
    // no leader, and so does weft's.
    StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> labelsOnH4(isolated));
    assertEquals(Status.Code.UNAVAILABLE, stale.getStatus().getCode());
    assertTrue(stale.getStatus().getDescription().contains("current"), stale.getStatus().getDescription());

    lab.reconnect(isolated);
    Duration ready = Await.until(isolated + " Ready after reconnecting", Duration.ofSeconds(10),
        () -> NodeTable.read(lab, leader).state(isolated) == NodeState.NODE_STATE_READY, () -> lab.daemonLog(isolated));
    System.out.printf("manager %s reconnected: Ready after %d ms (cut for %d ms)%n", isolated, ready.toMillis(),
        (System.nanoTime() - cutAt) / 1_000_000);
    assertTrue(ready.compareTo(Duration.ofSeconds(2)) <= 0, "Ready after " + ready + ", want <= 2s");
    // Reads there are linearizable: once it answers again, its first answer already holds the
    // write made during the partition, and each later one the write acknowledged just before it.
    long healed = System.nanoTime();
    Map<String, String> first = answeredRead(isolated);
    System.out.printf("manager %s answered its first read %d ms after it was Ready%n", isolated,
        (System.nanoTime() - healed) / 1_000_000);
    assertTrue(first.containsKey("during-partition"), first.toString());
    assertFalse(first.containsKey("isolated"), first.toString());
    for (int i = 0; i < 3; i++) {
      String label = "after-heal-" + i;
      update(leader, label);
      Map<String, String> read = answeredRead(isolated);
      assertTrue(read.containsKey(label), () -> read + "\n" + lab.daemonLog(leader));
    }
  }

  @Test
  @Order(3)
  void aRestartedWorkerIsReadyAgain() {
    lab.killDaemon("h5");
    lab.startDaemon("h5");
    lab.awaitDaemon("h5", Duration.ofSeconds(60));
    Await.until("h5 Ready after its restart", Duration.ofSeconds(15), () -> {
      NodeTable t = NodeTable.read(lab, leader());
      return t.state("h5") == NodeState.NODE_STATE_READY && t.nodes().size() == 5;
    }, () -> lab.daemonLog("h5"));
    assertTrue(LabSwarm.check(lab.weft("h5", "info"), "info").contains("Swarm: active"));
  }

  @Test
  @Order(4)
  void aWorkerWhoseLinkIsCutIsDownWithinFiveSeconds() {
    String leader = leader();
    lab.disconnect("h5");
    Duration down = Await.until("h5 Down", Duration.ofSeconds(10),
        () -> NodeTable.read(lab, leader).state("h5") == NodeState.NODE_STATE_DOWN, () -> "");
    lab.reconnect("h5");
    Duration ready = Await.until("h5 Ready", Duration.ofSeconds(10),
        () -> NodeTable.read(lab, leader).state("h5") == NodeState.NODE_STATE_READY, () -> lab.daemonLog("h5"));
    System.out.printf("worker link cut: Down after %d ms; back: Ready after %d ms%n", down.toMillis(), ready.toMillis());
    assertTrue(down.compareTo(Duration.ofSeconds(5)) <= 0, "Down after " + down);
    assertTrue(ready.compareTo(Duration.ofSeconds(2)) <= 0, "Ready after " + ready);
  }

  @Test
  @Order(5)
  void aBusyWorkerIsNotMarkedDown() throws Exception {
    String leader = leader();
    Thread burn = new Thread(() -> lab.exec("h4", "sh", "-c",
        "for i in 1 2 3 4; do timeout 12 sh -c 'while :; do :; done' & done; wait"), "burn");
    burn.start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
    int samples = 0;
    while (System.nanoTime() < until) {
      NodeState state = NodeTable.read(lab, leader).state("h4");
      assertNotEquals(NodeState.NODE_STATE_DOWN, state, "h4 was marked Down while only busy");
      samples++;
      TimeUnit.MILLISECONDS.sleep(100);
    }
    burn.join();
    assertTrue(samples > 20);
  }

  private static Thread watchForDown(String except, Map<String, NodeState> seen) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        for (String m : MANAGERS) {
          if (m.equals(except)) {
            continue;
          }
          NodeTable.tryRead(lab, m).ifPresent(table -> table.nodes().forEach(n -> {
            String host = n.getNode().getDescription().getHostname();
            if (!host.equals(except) && n.getNode().getStatus().getState() == NodeState.NODE_STATE_DOWN) {
              seen.put(host, NodeState.NODE_STATE_DOWN);
            }
          }));
        }
        try {
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "down-watch");
    t.start();
    return t;
  }

  /**
   * Last, after the other faults: the managers must still commit (a manager whose write once timed
   * out used to stay unable to write, which stalled this scale).
   */
  @Test
  @Order(6)
  void killingTheLeaderDuringAScaleCompletesItAndNoAddressIsGivenTwice() throws Exception {
    String leader = leader();
    String through = MANAGERS.stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
    LabCli.ok(lab, through, "network", "create", "-d", "overlay", "scale-net");
    LabCli.ok(lab, through, "service", "create", "--name", "scaled", "--replicas", "2", "--network", "scale-net", "--",
        "sleep", "1d");
    var scaling = java.util.concurrent.CompletableFuture.supplyAsync(() -> lab.weft(through, "service", "scale",
        "scaled=12"));
    // The moment the scale is committed the leader is killed, while it places the new tasks.
    Await.until("the scale committed", Duration.ofSeconds(20), () -> lab.weft(through, "service", "inspect", "scaled")
        .getStdout().matches("(?s).*\"Replicas\"\\s*:\\s*12\\b.*"), () -> "");
    lab.killDaemon(leader);
    var scaled = scaling.get(90, TimeUnit.SECONDS);
    System.out.printf("leader %s killed during the scale; the CLI said:%n%s%s%n", leader, scaled.getStdout(),
        scaled.getStderr());
    assertEquals(0, scaled.getExitCode(), "the scale completes although the leader died:\n" + scaled.getStdout()
        + scaled.getStderr());
    lab.startDaemon(leader);
    lab.awaitDaemon(leader, Duration.ofSeconds(60));
    Await.until("12 task containers running, the restarted leader's leftovers removed", Duration.ofSeconds(45),
        () -> taskAddresses().size() == 12, () -> LabCli.ok(lab, through, "service", "ps", "scaled"));
    List<String> addresses = taskAddresses();
    assertEquals(12, new java.util.HashSet<>(addresses).size(), "no address handed out twice: " + addresses);
    LabCli.ok(lab, through, "service", "rm", "scaled");
    Await.until("5 nodes Ready with one leader again", Duration.ofSeconds(30), () -> {
      NodeTable t = NodeTable.read(lab, through);
      return t.ready() == 5 && t.leaders().size() == 1;
    }, () -> NodeTable.tryRead(lab, through).toString());
  }

  /** The scale-net address of every running container of the service on every host. */
  private static List<String> taskAddresses() {
    List<String> addresses = new java.util.ArrayList<>();
    for (String h : lab.hostNames()) {
      for (String name : LabCli.ok(lab, h, "ps").lines().skip(1).map(l -> l.split("\\s+"))
          .map(w -> w[w.length - 1]).filter(n -> n.startsWith("scaled.")).toList()) {
        String inspect = LabCli.ok(lab, h, "inspect", name);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "\"scale-net\"\\s*:\\s*\\{[^}]*?\"IPAddress\"\\s*:\\s*\"([0-9.]+)\"").matcher(inspect);
        if (m.find()) {
          addresses.add(m.group(1));
        }
      }
    }
    return addresses;
  }

  private static String leader() {
    for (String m : MANAGERS) {
      var table = NodeTable.tryRead(lab, m);
      if (table.isPresent() && table.get().leaders().size() == 1) {
        return table.get().leaders().get(0);
      }
    }
    throw new AssertionError("no manager knows a leader");
  }

  private static void update(String via, String label) {
    try (DaemonClient client = lab.host(via).client()) {
      client.control().withDeadlineAfter(20, TimeUnit.SECONDS)
          .updateNode(UpdateNodeRequest.newBuilder().setRef("h4").putLabelsAdd(label, "1").build());
    }
  }

  /**
   * The first answer to a read of h4's labels through {@code via}, within 10 s: a manager that has
   * not yet confirmed its state with a leader answers UNAVAILABLE (never an old state), and is
   * asked again.
   */
  private static Map<String, String> answeredRead(String via) {
    AtomicReference<Map<String, String>> answer = new AtomicReference<>();
    AtomicReference<Status> refusal = new AtomicReference<>();
    Await.until(via + " answers a read", Duration.ofSeconds(10), () -> {
      try {
        answer.set(labelsOnH4(via));
        return true;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
        refusal.set(e.getStatus());
        return false;
      }
    }, () -> "last refusal: " + refusal.get() + "\n" + lab.daemonLog(via));
    return answer.get();
  }

  private static Map<String, String> labelsOnH4(String via) {
    try (DaemonClient client = lab.host(via).client()) {
      return client.control().getNode(NodeRef.newBuilder().setRef("h4").build()).getNode().getSpec().getLabelsMap();
    }
  }
}
