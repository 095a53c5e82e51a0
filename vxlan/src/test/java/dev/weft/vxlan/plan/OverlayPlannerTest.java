package dev.weft.vxlan.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Golden tests: desired + observed state → the exact ip/bridge batches (src/test/resources/golden/overlay). */
class OverlayPlannerTest {
  static final VxlanSettings SETTINGS = new VxlanSettings(4097, "198.18.250.1", 4789, 1450);
  static final RemoteEndpoint A = new RemoteEndpoint("198.18.130.2", "02:42:c6:12:82:02", "198.18.250.2");
  static final RemoteEndpoint B = new RemoteEndpoint("198.18.130.3", "02:42:c6:12:82:03", "198.18.250.3");

  static DesiredSandbox want(List<RemoteEndpoint> remotes) {
    return new DesiredSandbox("weft-1a2b-ov-4097", "wx1a2b001001", SETTINGS, remotes);
  }

  @Test
  void aFreshSandboxIsBuiltInOrder() throws IOException {
    // given in reverse order: the plan sorts
    assertEquals(golden("fresh"), OverlayPlanner.plan(want(List.of(B, A)), ObservedSandbox.ABSENT).render());
  }

  @Test
  void planningAgainstTheResultChangesNothing() {
    DesiredSandbox want = want(List.of(A, B));
    assertTrue(OverlayPlanner.plan(want, OverlayPlanner.applied(want)).isEmpty());
  }

  @Test
  void aMovedEndpointIsRepointedAndAGoneOneRemoved() throws IOException {
    // A moved to another host; B's neighbour entry is missing; a stale endpoint .9 is left over.
    ObservedSandbox have = new ObservedSandbox(true, false, Optional.of(SETTINGS),
        Map.of(A.mac(), "198.18.250.7", "02:42:c6:12:82:09", "198.18.250.9", B.mac(), B.vtep()),
        Map.of(A.ip(), A.mac(), "198.18.130.9", "02:42:c6:12:82:09"));
    SandboxPlan plan = OverlayPlanner.plan(want(List.of(A, B)), have);
    assertEquals(golden("moved-and-gone"), plan.render());
    assertTrue(plan.reasons().isEmpty());
  }

  @Test
  void aVxlanWithOtherSettingsIsRecreatedWithTheReason() throws IOException {
    ObservedSandbox have = new ObservedSandbox(true, false,
        Optional.of(new VxlanSettings(4098, "198.18.250.1", 4790, 1450)), Map.of(A.mac(), A.vtep()), Map.of());
    SandboxPlan plan = OverlayPlanner.plan(want(List.of(A, B)), have);
    assertEquals(golden("vni-changed"), plan.render());
    assertEquals(List.of("wx1a2b001001 re-created (vni: 4098 vs 4097, dstport: 4790 vs 4789)"), plan.reasons());
  }

  @Test
  void theBridgeOfAnEarlierVersionGoesFirstAndTheVxlanStays() throws IOException {
    DesiredSandbox want = want(List.of(A));
    ObservedSandbox applied = OverlayPlanner.applied(want);
    ObservedSandbox have = new ObservedSandbox(true, true, applied.vxlan(), applied.fdb(), applied.neighbours());
    SandboxPlan plan = OverlayPlanner.plan(want, have);
    assertEquals(golden("legacy-bridge"), plan.render());
    assertEquals(1, plan.reasons().size());
  }

  @Test
  void anEndpointIsAMacvlanOnTheVxlanCreatedInItsNamespace() {
    assertEquals("link add link wx1a2b001001 name eth1 address 02:42:c6:12:82:02 mtu 1450 netns weft-c-1f"
        + " type macvlan mode bridge", OverlayPlanner.endpointLink("wx1a2b001001", "eth1", A.mac(), 1450, "weft-c-1f"));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = OverlayPlannerTest.class.getResourceAsStream("/golden/overlay/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
