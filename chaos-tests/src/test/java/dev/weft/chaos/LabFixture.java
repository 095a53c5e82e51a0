package dev.weft.chaos;

import dev.weft.lab.Lab;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Starts labs for chaos tests: a fresh name and subnet per run, weftd flags, and the seed used. */
final class LabFixture {
  private LabFixture() {}

  static Lab start(String prefix, int hosts, String daemonFlags) {
    long seed = Long.getLong("weft.chaos.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    String name = "weft-ct-" + prefix + "-" + Integer.toHexString(random.nextInt(0x10000));
    int octet = 1 + random.nextInt(126);
    System.out.printf("chaos lab %s on 198.18.%d.0/24 (seed %d; rerun with -Dweft.chaos.seed=%d)%n",
        name, octet, seed, seed);
    return Lab.start(Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath(), name, hosts, octet, daemonFlags);
  }
}
