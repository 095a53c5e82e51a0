package dev.weft.manager.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Node;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeartbeatLedgerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  /** 1 s beats, 3 missed: grace 3 s. */
  private static final LivenessSettings SETTINGS = LivenessSettings.DEFAULT;
  private static final Duration GRACE = SETTINGS.grace();
  private static final Duration TICK = Duration.ofMillis(1);

  private HeartbeatLedger ledger;

  @BeforeEach
  void setUp() {
    ledger = new HeartbeatLedger(SETTINGS);
  }

  private static Node node(String id, NodeState state) {
    return Node.newBuilder().setId(id).setStatus(NodeStatus.newBuilder().setState(state)).build();
  }

  private static StoreState nodes(Node... nodes) {
    Map<String, Node> byId = new TreeMap<>();
    for (Node n : nodes) {
      byId.put(n.getId(), n);
    }
    return new StoreState(1, null, byId, Set.of());
  }

  private static final StoreState READY_AB =
      nodes(node("a", NodeState.NODE_STATE_READY), node("b", NodeState.NODE_STATE_READY));

  @Test
  void graceIsThreeSecondsByDefault() {
    assertEquals(Duration.ofSeconds(3), GRACE);
  }

  @Test
  void aNodeSilentLongerThanTheGraceIsReported() {
    ledger.leadershipGained(T0);
    ledger.heartbeat("a", T0);
    ledger.heartbeat("b", T0.plus(GRACE));
    assertEquals(List.of(), ledger.silent(READY_AB, T0.plus(GRACE)), "exactly the grace is still fine");
    assertEquals(List.of("a"), ledger.silent(READY_AB, T0.plus(GRACE).plus(TICK)));
  }

  @Test
  void aHeartbeatRestartsTheGrace() {
    ledger.leadershipGained(T0);
    ledger.heartbeat("a", T0);
    ledger.heartbeat("b", T0);
    Instant beat = T0.plusSeconds(2);
    ledger.heartbeat("a", beat);
    Instant later = T0.plus(GRACE).plus(TICK);
    assertEquals(List.of("b"), ledger.silent(READY_AB, later));
    assertEquals(List.of("a", "b"), ledger.silent(READY_AB, beat.plus(GRACE).plus(TICK)));
  }

  @Test
  void aDownNodeIsNotReportedAgain() {
    ledger.leadershipGained(T0);
    StoreState state = nodes(node("a", NodeState.NODE_STATE_DOWN), node("b", NodeState.NODE_STATE_READY),
        node("c", NodeState.NODE_STATE_UNKNOWN));
    assertEquals(List.of("b", "c"), ledger.silent(state, T0.plus(Duration.ofHours(1))),
        "Ready and Unknown nodes are reported, Down ones are not");
  }

  @Test
  void nodesNeverHeardFromAreMeasuredFromLeadershipStart() {
    Instant leading = T0.plusSeconds(100);
    ledger.leadershipGained(leading);
    assertEquals(List.of(), ledger.silent(READY_AB, leading.plus(GRACE)));
    assertEquals(List.of("a", "b"), ledger.silent(READY_AB, leading.plus(GRACE).plus(TICK)));
  }

  @Test
  void gainingLeadershipGivesEveryNodeAFreshGrace() {
    // Heard from long ago under an earlier term of this manager's leadership...
    ledger.leadershipGained(T0);
    ledger.heartbeat("a", T0);
    ledger.heartbeat("b", T0);
    // ...then another manager led for a minute, and this one leads again.
    Instant again = T0.plusSeconds(60);
    ledger.leadershipGained(again);
    assertEquals(List.of(), ledger.silent(READY_AB, again),
        "a leader change alone never marks a healthy node Down");
    assertEquals(List.of(), ledger.silent(READY_AB, again.plus(GRACE)));
    ledger.heartbeat("a", again.plusSeconds(1));
    assertEquals(List.of("b"), ledger.silent(READY_AB, again.plus(GRACE).plus(TICK)));
  }

  @Test
  void aNodeWhoseLastBeatWasBeforeTheLeaderChangeIsNotMeasuredFromThatBeat() {
    ledger.leadershipGained(T0);
    ledger.heartbeat("a", T0.plusSeconds(10));
    Instant again = T0.plusSeconds(12);
    ledger.leadershipGained(again);
    // From the old beat a would be silent at T0+13.001; from the new leadership only at T0+15.001.
    assertEquals(List.of(), ledger.silent(READY_AB, T0.plusSeconds(14)));
  }

  @Test
  void silentNodesComeOutInIdOrder() {
    StoreState state = nodes(node("c", NodeState.NODE_STATE_READY), node("a", NodeState.NODE_STATE_READY),
        node("b", NodeState.NODE_STATE_READY));
    ledger.leadershipGained(T0);
    assertEquals(List.of("a", "b", "c"), ledger.silent(state, T0.plusSeconds(10)));
  }
}
