package dev.weft.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.lab.Await;
import dev.weft.lab.Lab;
import dev.weft.lab.LabCli;
import dev.weft.lab.LabSwarm;
import dev.weft.lab.NodeTable;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The cluster-core walkthrough on four real hosts: h1 inits, h2 joins as a manager, h3 as a
 * worker; h4 stays out to try what must be refused. Every refusal must change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DumpOnFailure.class)
class SwarmJoinChaos {
  static Lab lab;
  static String managerToken;
  static String workerToken;

  @BeforeAll
  static void startLab() {
    lab = LabFixture.start("join", 4, "");
    DumpOnFailure.lab = lab;
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void initPrintsTheWorkerJoinCommand() {
    ExecResult init = lab.weft("h1", "swarm", "init", "--advertise-addr", lab.address("h1"));
    assertEquals(0, init.getExitCode(), init.getStderr());
    Pattern joinLine = Pattern.compile("(?m)^    weft swarm join --token (SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}) "
        + Pattern.quote(lab.address("h1")) + ":2377$");
    var matcher = joinLine.matcher(init.getStdout());
    assertTrue(matcher.find(), "join command missing from:\n" + init.getStdout());
    workerToken = matcher.group(1);
    managerToken = LabSwarm.check(lab.weft("h1", "swarm", "join-token", "-q", "manager"), "join-token").strip();
    assertEquals(workerToken, LabSwarm.check(lab.weft("h1", "swarm", "join-token", "-q", "worker"), "join-token").strip());
  }

  @Test
  @Order(2)
  void managerAndWorkerJoin() {
    String remote = lab.address("h1") + ":2377";
    LabSwarm.check(lab.weft("h2", "swarm", "join", "--token", managerToken, remote), "h2 join");
    LabSwarm.check(lab.weft("h3", "swarm", "join", "--token", workerToken, remote), "h3 join");
    for (String manager : List.of("h1", "h2")) {
      Await.until("3 nodes Ready, one leader, two managers on " + manager, Duration.ofSeconds(10), () -> {
        NodeTable t = NodeTable.read(lab, manager);
        return t.nodes().size() == 3 && t.ready() == 3 && t.leaders().size() == 1 && t.managers() == 2;
      }, () -> NodeTable.tryRead(lab, manager).toString());
      ExecResult ls = lab.weft(manager, "node", "ls");
      assertEquals(0, ls.getExitCode(), ls.getStderr());
      assertEquals(1, Pattern.compile("(?m)\\bLeader\\b").matcher(ls.getStdout()).results().count(), ls.getStdout());
      assertEquals(1, Pattern.compile("(?m)\\bReachable\\b").matcher(ls.getStdout()).results().count(), ls.getStdout());
      assertEquals(3, Pattern.compile("(?m)\\bReady\\b").matcher(ls.getStdout()).results().count(), ls.getStdout());
      assertTrue(ls.getStdout().lines().anyMatch(l -> l.contains(" * ") && l.contains(manager)), ls.getStdout());
    }
    ExecResult onWorker = lab.weft("h3", "node", "ls");
    assertEquals(1, onWorker.getExitCode());
    assertTrue(onWorker.getStderr().contains("This node is not a swarm manager"), onWorker.getStderr());
  }

  @Test
  @Order(3)
  void badTokensAreRefusedAndChangeNothing() {
    String remote = lab.address("h1") + ":2377";
    String digest = workerToken.substring(9, 59);
    String wrongSecret = "SWMTKN-1-" + digest + "-" + "0123456789abcdefghijklmno";
    refused("h4", "not valid", "swarm", "join", "--token", wrongSecret, remote);
    String otherSwarm = "SWMTKN-1-" + "1".repeat(50) + "-" + workerToken.substring(60);
    refused("h4", "does not match", "swarm", "join", "--token", otherSwarm, remote);
    refused("h4", "invalid join token", "swarm", "join", "--token", "SWMTKN-1-nonsense", remote);
    String oldWorkerToken = workerToken;
    ExecResult rotate = lab.weft("h1", "swarm", "join-token", "--rotate", "worker");
    assertEquals(0, rotate.getExitCode(), rotate.getStderr());
    assertTrue(rotate.getStdout().contains("Successfully rotated worker join token."), rotate.getStdout());
    refused("h4", "not valid", "swarm", "join", "--token", oldWorkerToken, remote);
    assertNodeCount(3);
    assertTrue(LabSwarm.check(lab.weft("h4", "info"), "info").contains("Swarm: inactive"));
    workerToken = LabSwarm.check(lab.weft("h1", "swarm", "join-token", "-q", "worker"), "join-token").strip();
    LabSwarm.check(lab.weft("h4", "swarm", "join", "--token", workerToken, remote), "join with the new token");
    Await.until("h4 Ready", Duration.ofSeconds(10),
        () -> NodeTable.read(lab, "h1").state("h4") == dev.weft.proto.NodeState.NODE_STATE_READY, () -> "");
  }

  @Test
  @Order(4)
  void initTwiceAndJoinTwiceAreRefused() {
    refused("h1", "already part of a swarm", "swarm", "init");
    refused("h2", "already part of a swarm", "swarm", "join", "--token", workerToken, lab.address("h1") + ":2377");
    assertNodeCount(4);
  }

  @Test
  @Order(5)
  void nodeRemovalNeedsForceWhileReady() {
    refused("h1", "not down", "node", "rm", "h4");
    assertNodeCount(4);
    refused("h1", "not found", "node", "inspect", "no-such-node");
    refused("h1", "cluster manager", "node", "rm", "--force", "h2");
    LabSwarm.check(lab.weft("h1", "node", "rm", "--force", "h4"), "node rm --force");
    assertNodeCount(3);
    // h4's certificate is no longer accepted: the daemon leaves the swarm on its next heartbeat.
    Await.until("h4 out of the swarm", Duration.ofSeconds(10),
        () -> lab.weft("h4", "info").getStdout().contains("Swarm: inactive"), () -> lab.daemonLog("h4"));
  }

  @Test
  @Order(6)
  void demotingTheLastManagerIsRefused() {
    LabSwarm.check(lab.weft("h1", "node", "demote", "h2"), "demote h2");
    Await.until("h2 a worker", Duration.ofSeconds(15), () -> {
      NodeTable t = NodeTable.read(lab, "h1");
      return t.managers() == 1 && lab.weft("h2", "node", "ls").getExitCode() == 1;
    }, () -> NodeTable.tryRead(lab, "h1").toString());
    refused("h1", "last manager", "node", "demote", "h1");
    assertEquals(1, NodeTable.read(lab, "h1").managers());
    LabSwarm.check(lab.weft("h1", "node", "promote", "h2"), "promote h2");
    Await.until("h2 a manager again", Duration.ofSeconds(20), () -> {
      NodeTable t = NodeTable.read(lab, "h2");
      return t.managers() == 2 && t.leaders().size() == 1 && t.ready() == 3;
    }, () -> NodeTable.tryRead(lab, "h1").toString() + lab.daemonLog("h2"));
  }

  @Test
  @Order(7)
  void malformedAddressPoolsAreRefused() {
    refused("h4", "invalid --default-addr-pool", "swarm", "init", "--default-addr-pool", "198.18.0.0/33");
    refused("h4", "invalid --default-addr-pool", "swarm", "init", "--default-addr-pool", "not-a-cidr");
    refused("h4", "between 16 and 29", "swarm", "init", "--default-addr-pool", "198.18.0.0/16",
        "--default-addr-pool-mask-length", "30");
    refused("h4", "between 16 and 29", "swarm", "init", "--default-addr-pool-mask-length", "15");
    assertTrue(LabSwarm.check(lab.weft("h4", "info"), "info").contains("Swarm: inactive"));
  }

  private static void refused(String host, String expected, String... args) {
    LabCli.refused(lab, host, expected, args);
  }

  private static void assertNodeCount(int expected) {
    assertEquals(expected, NodeTable.read(lab, "h1").nodes().size());
    assertEquals(expected, NodeTable.read(lab, "h2").nodes().size());
  }
}
