package dev.weft.lab;

import dev.weft.cli.DaemonClient;
import dev.weft.proto.UpdateNodeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client that keeps writing (node label updates on one node) through whichever manager
 * answers, and records every write that was acknowledged and when. Used by the failover chaos
 * test and the control-API benchmark.
 */
public final class LabelWriter implements Runnable {
  /** One acknowledged write: the label key it set and when the acknowledgement came (nanoTime). */
  public record Ack(String key, long atNanos, long latencyNanos, String via) {}

  private final Lab lab;
  private final List<String> managers;
  private final String targetNode;
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;
  private volatile int preferred;
  private int next;

  public LabelWriter(Lab lab, List<String> managers, String targetNode) {
    this.lab = lab;
    this.managers = List.copyOf(managers);
    this.targetNode = targetNode;
  }

  public void stop() {
    stopped = true;
  }

  public List<Ack> acks() {
    return new ArrayList<>(acks);
  }

  /** Writes one label through the managers in turn, starting with the preferred one. */
  public boolean writeOnce() {
    String key = "w" + next++;
    for (int i = 0; i < managers.size() && !stopped; i++) {
      String via = managers.get((preferred + i) % managers.size());
      long start = System.nanoTime();
      try (DaemonClient client = lab.host(via).client()) {
        client.control().withDeadlineAfter(8, TimeUnit.SECONDS).updateNode(UpdateNodeRequest.newBuilder()
            .setRef(targetNode).putLabelsAdd(key, "1").build());
        long now = System.nanoTime();
        acks.add(new Ack(key, now, now - start, via));
        preferred = (preferred + i) % managers.size();
        return true;
      } catch (RuntimeException e) {
        // not acknowledged through this manager: try the next one
      }
    }
    return false;
  }

  @Override
  public void run() {
    while (!stopped) {
      if (!writeOnce()) {
        Lab.sleep(java.time.Duration.ofMillis(20));
      }
    }
  }
}
