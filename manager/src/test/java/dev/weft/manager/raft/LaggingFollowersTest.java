package dev.weft.manager.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LaggingFollowersTest {
  private static final Duration WINDOW = Duration.ofSeconds(3);

  private static LaggingFollowers.Follower answering(long commit) {
    return new LaggingFollowers.Follower(commit, 50);
  }

  @Test
  void aFollowerThatAnswersButStaysBehindForAWindowIsNamedOncePerWindow() {
    LaggingFollowers lagging = new LaggingFollowers(WINDOW);
    // The leader commits 100 → 130 over four seconds; h1 answers heartbeats but stays at 90.
    assertEquals(Set.of(), lagging.observe(0, 100, Map.of("h1", answering(90), "h2", answering(100))));
    assertEquals(Set.of(), lagging.observe(1_000, 110, Map.of("h1", answering(90), "h2", answering(110))));
    assertEquals(Set.of(), lagging.observe(2_000, 120, Map.of("h1", answering(90), "h2", answering(120))));
    assertEquals(Set.of("h1"), lagging.observe(3_000, 130, Map.of("h1", answering(90), "h2", answering(130))),
        "h1 has not reached what the leader had committed 3 s ago; h2 keeps up");
    assertEquals(Set.of(), lagging.observe(4_000, 130, Map.of("h1", answering(90), "h2", answering(130))),
        "not again within the window");
    assertEquals(Set.of("h1"), lagging.observe(6_000, 130, Map.of("h1", answering(90), "h2", answering(130))));
  }

  @Test
  void aFollowerThatCatchesUpWithinTheWindowIsLeftAlone() {
    LaggingFollowers lagging = new LaggingFollowers(WINDOW);
    lagging.observe(0, 100, Map.of("slow", answering(40)));
    lagging.observe(1_500, 150, Map.of("slow", answering(80)));
    // slow reached 100, the leader's commit index 3 s ago, though it is still behind now.
    assertEquals(Set.of(), lagging.observe(3_000, 200, Map.of("slow", answering(120))));
  }

  @Test
  void aFollowerThatDoesNotAnswerIsNamedOncePerWindowEvenWhenNothingIsCommitted() {
    // Its connection may be waiting out gRPC's reconnect backoff after a partition healed.
    LaggingFollowers lagging = new LaggingFollowers(WINDOW);
    lagging.observe(0, 100, Map.of("h1", answering(100), "silent", new LaggingFollowers.Follower(100, 9_000)));
    assertEquals(Set.of("silent"), lagging.observe(3_000, 100,
        Map.of("h1", answering(100), "silent", new LaggingFollowers.Follower(100, 12_000))));
    assertEquals(Set.of(), lagging.observe(4_000, 100,
        Map.of("h1", answering(100), "silent", new LaggingFollowers.Follower(100, 13_000))), "not again within the window");
    assertEquals(Set.of("silent"), lagging.observe(6_000, 100,
        Map.of("h1", answering(100), "silent", new LaggingFollowers.Follower(100, 15_000))));
  }

  @Test
  void aMemberBeingAddedGetsAWholeWindowToCatchUp() {
    LaggingFollowers lagging = new LaggingFollowers(WINDOW);
    lagging.observe(0, 100, Map.of("h1", answering(100)));
    lagging.observe(2_000, 110, Map.of("h1", answering(110), "joining", answering(-1)));
    assertEquals(Set.of(), lagging.observe(3_000, 120, Map.of("h1", answering(120), "joining", answering(-1))),
        "joining appeared 1 s ago");
    assertEquals(Set.of("joining"), lagging.observe(5_000, 130, Map.of("h1", answering(130), "joining", answering(-1))));
  }

  @Test
  void aNewLeaderWaitsForAWholeWindowOfItsOwn() {
    LaggingFollowers lagging = new LaggingFollowers(WINDOW);
    lagging.observe(0, 100, Map.of("h1", answering(90)));
    lagging.clear(); // lost and regained leadership
    assertEquals(Set.of(), lagging.observe(3_000, 130, Map.of("h1", answering(90))));
    assertEquals(Set.of("h1"), lagging.observe(6_000, 130, Map.of("h1", answering(90))));
  }
}
