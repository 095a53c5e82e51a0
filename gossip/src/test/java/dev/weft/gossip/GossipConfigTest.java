package dev.weft.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GossipConfigTest {
  private static final List<InetSocketAddress> NO_SEEDS = List.of();

  @Test
  void validConfigKeepsAnImmutableCopyOfTheSeeds() {
    List<InetSocketAddress> seeds = new ArrayList<>(List.of(InetSocketAddress.createUnresolved("198.19.0.9", 7946)));
    GossipConfig c = new GossipConfig("node-a", "127.0.0.1", GossipConfig.DEFAULT_PORT, "127.0.0.1", "198.19.0.1", 3, seeds);
    seeds.clear();
    assertEquals(1, c.seeds().size());
    assertEquals("127.0.0.1:7946", c.advertisedAddress());
  }

  @Test
  void invalidConfigsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node a", "127.0.0.1", 7946, "127.0.0.1", "198.19.0.1", 1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "0.0.0.0", 7946, "127.0.0.1", "198.19.0.1", 1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "::", 7946, "127.0.0.1", "198.19.0.1", 1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "127.0.0.1", 0, "127.0.0.1", "198.19.0.1", 1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "127.0.0.1", 7946, "0.0.0.0", "198.19.0.1", 1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "127.0.0.1", 7946, "127.0.0.1", "vtep.example", 1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "127.0.0.1", 7946, "127.0.0.1", "198.19.0.1", -1, NO_SEEDS));
    assertThrows(IllegalArgumentException.class,
        () -> new GossipConfig("node-a", "127.0.0.1", 7946, "127.0.0.1", "198.19.0.1", 1, null));
  }
}
