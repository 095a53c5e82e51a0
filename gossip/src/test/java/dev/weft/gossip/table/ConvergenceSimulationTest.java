package dev.weft.gossip.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.gossip.table.Change.Added;
import dev.weft.gossip.table.Change.Removed;
import dev.weft.gossip.table.Change.Updated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Five nodes on one network, in one thread on a simulated clock, driven by a seeded
 * {@link Random}: owners put, update and delete their endpoints and sometimes restart; pushes and
 * anti-entropy messages are lost (20%), delayed and reordered; membership marks owners down and up
 * at random; tables are reaped every second. Then the network heals: every message still in flight
 * is delivered, every owner is marked up, and nodes keep syncing with random peers without loss.
 *
 * <p>Checked: every change applies cleanly to the node's data plane (an add of something absent, an
 * update or removal of what is there); every second, the data plane, programmed only from the
 * changes, equals the table's live entries, and no node holds a record its owner did not write;
 * after healing
 * every node shows exactly the endpoints their owners hold, with the owners' digests. A failure
 * names its seed; rerun one seed with {@code -Dweft.sim.seed=N}.
 */
class ConvergenceSimulationTest {
  private static final int NODES = 5;
  private static final int SEEDS = 200;
  private static final int STEPS = 1_500;
  private static final long STEP_MILLIS = 100;
  private static final double LOSS = 0.2;
  private static final int MAX_HEAL_ROUNDS = 60;
  private static final Comparator<EndpointRecord> BY_ID =
      Comparator.comparing(EndpointRecord::endpointId).thenComparing(EndpointRecord::owner);
  private static final ReapPolicy POLICY = new ReapPolicy(Duration.ofSeconds(10), Duration.ofSeconds(120));

  private final Map<Change.Cause, Integer> removals = new EnumMap<>(Change.Cause.class);
  private int updates;

  @Test
  void everyNodeConvergesToTheOwnersEndpoints() {
    String one = System.getProperty("weft.sim.seed");
    if (one != null) {
      new Simulation(Long.parseLong(one)).run();
      return;
    }
    for (long seed = 1; seed <= SEEDS; seed++) {
      new Simulation(seed).run();
    }
    for (Change.Cause cause : Change.Cause.values()) {
      assertTrue(removals.getOrDefault(cause, 0) > 0, "no removal for " + cause + " in any run");
    }
    assertTrue(updates > 0, "no update in any run");
  }

  private static String brief(EndpointRecord r) {
    return r.endpointId() + "@" + r.owner() + ":" + r.version();
  }

  private sealed interface Message {
    int to();
  }

  private record Push(int to, List<EndpointRecord> records) implements Message {}

  private record Request(int from, int to, Map<String, Version> digest) implements Message {}

  private record Reply(int to, SyncReply reply) implements Message {}

  /** One node: its table, the endpoints it owns, and the data plane it programmed from changes. */
  private static final class Node {
    final String id;
    EndpointTable table;
    final Map<String, EndpointRecord> own = new TreeMap<>();
    final Map<String, EndpointRecord> programmed = new TreeMap<>();

    Node(String id) {
      this.id = id;
      this.table = new EndpointTable(Records.NET, id, 1);
    }
  }

  private final class Simulation {
    private final long seed;
    private final Random random;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Message> inFlight = new ArrayList<>();
    private final Map<String, EndpointRecord> written = new HashMap<>();
    private long now;
    private int nextEndpoint;

    Simulation(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      for (int i = 0; i < NODES; i++) {
        nodes.add(new Node("node-" + i));
      }
    }

    void run() {
      for (int step = 0; step < STEPS; step++) {
        act(random.nextInt(100));
        for (int k = 1 + random.nextInt(4); k > 0 && !inFlight.isEmpty(); k--) {
          Message m = inFlight.remove(random.nextInt(inFlight.size()));
          if (random.nextDouble() >= LOSS) {
            deliver(m);
          }
        }
        now += STEP_MILLIS;
        if (step % 10 == 0) {
          nodes.forEach(n -> apply(n, n.table.reap(now, POLICY)));
          nodes.forEach(this::checkNode);
        }
      }
      heal();
    }

    private void act(int dice) {
      Node n = nodes.get(random.nextInt(NODES));
      if (dice < 30) {
        EndpointRecord r = n.own.isEmpty() || (n.own.size() < 6 && random.nextBoolean())
            ? newEndpoint(n) : changed(pick(n.own.values()), n.table.nextVersion());
        n.own.put(r.endpointId(), r);
        write(n, r, n.table.put(r));
      } else if (dice < 42) {
        if (!n.own.isEmpty()) {
          EndpointRecord gone = n.own.remove(pick(n.own.values()).endpointId());
          Version v = n.table.nextVersion();
          write(n, EndpointRecord.tombstone(gone.endpointId(), Records.NET, n.id, v),
              n.table.delete(gone.endpointId(), v));
        }
      } else if (dice < 44) {
        restart(n);
      } else if (dice < 46) {
        n.table.ownerDown(other(n).id, now);
      } else if (dice < 50) {
        n.table.ownerUp(other(n).id);
      } else {
        inFlight.add(new Request(nodes.indexOf(n), nodes.indexOf(other(n)), n.table.digest()));
      }
    }

    private EndpointRecord newEndpoint(Node n) {
      int e = nextEndpoint++;
      return new EndpointRecord("ep-" + e, Records.NET, "198.18." + (e / 250) + "." + (e % 250 + 2),
          String.format("02:42:c6:12:%02x:%02x", e / 250, e % 250 + 2), "198.19.0." + n.id.charAt(5),
          "ctr-" + e, List.of(), n.id, n.table.nextVersion(), false);
    }

    private EndpointRecord changed(EndpointRecord r, Version v) {
      List<String> aliases = r.aliases().isEmpty() ? List.of("alias-" + random.nextInt(3)) : List.of();
      return new EndpointRecord(r.endpointId(), r.networkId(), r.ip(), r.mac(), r.hostDataPathIp(),
          r.name(), aliases, r.owner(), v, false);
    }

    /** The owner restarts: a new table and incarnation; some endpoints survive and are re-announced. */
    private void restart(Node n) {
      n.table = new EndpointTable(Records.NET, n.id, n.table.incarnation() + 1);
      n.programmed.clear();
      for (EndpointRecord r : List.copyOf(n.own.values())) {
        if (random.nextBoolean()) {
          n.own.remove(r.endpointId());
        } else {
          EndpointRecord again = r.withVersion(n.table.nextVersion());
          n.own.put(r.endpointId(), again);
          write(n, again, n.table.put(again));
        }
      }
      inFlight.add(new Request(nodes.indexOf(n), nodes.indexOf(other(n)), n.table.digest()));
    }

    private void write(Node n, EndpointRecord r, List<Change> changes) {
      written.put(r.owner() + "/" + r.endpointId() + "/" + r.version(), r);
      apply(n, changes);
      for (int i = 0; i < 2; i++) {
        inFlight.add(new Push(nodes.indexOf(other(n)), List.of(r)));
      }
    }

    private void deliver(Message m) {
      Node to = nodes.get(m.to());
      switch (m) {
        case Push p -> {
          List<Change> changes = to.table.merge(p.records());
          apply(to, changes);
          if (!changes.isEmpty() && random.nextBoolean()) {
            inFlight.add(new Push(nodes.indexOf(other(to)), p.records())); // relay
          }
        }
        case Request r -> inFlight.add(new Reply(r.from(), to.table.answer(r.digest())));
        case Reply r -> apply(to, to.table.merge(r.reply()));
      }
    }

    /** Loss stops; everything in flight arrives; owners are up; random loss-free syncs follow. */
    private void heal() {
      while (!inFlight.isEmpty()) {
        deliver(inFlight.remove(random.nextInt(inFlight.size())));
      }
      nodes.forEach(n -> nodes.stream().filter(o -> o != n).forEach(o -> n.table.ownerUp(o.id)));
      for (int round = 0; round < MAX_HEAL_ROUNDS; round++) {
        if (converged()) {
          return;
        }
        nodes.forEach(n -> apply(n, Records.sync(n.table, other(n).table)));
        now += 1_000;
        nodes.forEach(n -> apply(n, n.table.reap(now, POLICY)));
        nodes.forEach(this::checkNode);
      }
      List<String> expected = expectedLive().stream().map(ConvergenceSimulationTest::brief).toList();
      StringBuilder dump = new StringBuilder();
      for (Node n : nodes) {
        List<String> live = n.table.live().stream().map(ConvergenceSimulationTest::brief).toList();
        dump.append('\n').append(n.id).append(" digest ").append(n.table.digest())
            .append(" missing ").append(expected.stream().filter(e -> !live.contains(e)).toList())
            .append(" extra ").append(live.stream().filter(e -> !expected.contains(e)).toList());
      }
      fail("seed=" + seed + ": no convergence after " + MAX_HEAL_ROUNDS + " rounds; owners' digest "
          + expectedDigest() + dump);
    }

    private Map<String, Version> expectedDigest() {
      Map<String, Version> digest = new TreeMap<>();
      nodes.forEach(n -> digest.put(n.id, n.table.lastOwnVersion()));
      return digest;
    }

    private boolean converged() {
      Map<String, Version> digest = expectedDigest();
      List<EndpointRecord> expected = expectedLive();
      return nodes.stream().allMatch(n -> n.table.live().equals(expected) && n.table.digest().equals(digest));
    }

    private List<EndpointRecord> expectedLive() {
      List<EndpointRecord> all = new ArrayList<>();
      nodes.forEach(n -> all.addAll(n.own.values()));
      all.sort(BY_ID);
      return all;
    }

    /** Programs the node's simulated data plane from changes, checking each is consistent. */
    private void apply(Node n, List<Change> changes) {
      for (Change c : changes) {
        String key = c.record().owner() + "/" + c.record().endpointId();
        Supplier<String> where = () -> "seed=" + seed + " t=" + now + " " + n.id + " " + c;
        switch (c) {
          case Added a -> assertNull(n.programmed.put(key, a.record()), where);
          case Updated u -> {
            updates++;
            EndpointRecord before = n.programmed.put(key, u.record());
            assertNotNull(before, where);
            assertTrue(before.samePayload(u.previous()), where);
          }
          case Removed r -> {
            removals.merge(r.cause(), 1, Integer::sum);
            EndpointRecord before = n.programmed.remove(key);
            assertNotNull(before, where);
            assertTrue(before.samePayload(r.record()), where);
          }
        }
      }
    }

    /** The data plane matches the table, and the table holds only what owners wrote. */
    private void checkNode(Node n) {
      List<EndpointRecord> live = n.table.live();
      List<EndpointRecord> programmed = new ArrayList<>(n.programmed.values());
      programmed.sort(BY_ID);
      assertEquals(live.size(), programmed.size(), "seed=" + seed + " " + n.id + " data plane size");
      for (int i = 0; i < live.size(); i++) {
        EndpointRecord r = live.get(i);
        assertTrue(r.samePayload(programmed.get(i)), () -> "seed=" + seed + " " + n.id + " " + r);
        assertEquals(written.get(r.owner() + "/" + r.endpointId() + "/" + r.version()), r,
            () -> "seed=" + seed + " " + n.id + " holds a record nobody wrote");
      }
    }

    private Node other(Node n) {
      Node o = nodes.get(random.nextInt(NODES - 1));
      return o == n ? nodes.get(NODES - 1) : o;
    }

    private <T> T pick(Collection<T> values) {
      return List.copyOf(values).get(random.nextInt(values.size()));
    }
  }
}
