package dev.weft.manager.ca;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/** Node and cluster ids: 128 random bits as 25 base-36 digits, like Docker Swarm's ids. */
public final class NodeIds {
  private NodeIds() {}

  public static String generate(RandomGenerator random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String text = new BigInteger(1, bytes).toString(36);
    return "0".repeat(Math.max(0, 25 - text.length())) + text;
  }
}
