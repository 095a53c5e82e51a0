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
  private final java.util.Map<String, DaemonClient> clients = new java.util.HashMap<>();
  private volatile boolean stopped;
  private volatile int preferred;
  private int next;

  private final int keySpace;

  /** A writer whose every write sets a new label (so each acknowledged write can be found later). */
  public LabelWriter(Lab lab, List<String> managers, String targetNode) {
    this(lab, managers, targetNode, 0);
  }

  /**
   * @param keySpace when positive, writes cycle through this many label keys, so a long run
   *     measures the write path rather than the growth of one node's label set
   */
  public LabelWriter(Lab lab, List<String> managers, String targetNode, int keySpace) {
    this.lab = lab;
    this.managers = List.copyOf(managers);
    this.targetNode = targetNode;
    this.keySpace = keySpace;
  }

  public void stop() {
    stopped = true;
  }

  public List<Ack> acks() {
    return new ArrayList<>(acks);
  }

  /** Writes one label through the managers in turn, starting with the preferred one. */
  public boolean writeOnce() {
    String key = "w" + (keySpace > 0 ? next++ % keySpace : next++);
    for (int i = 0; i < managers.size() && !stopped; i++) {
      String via = managers.get((preferred + i) % managers.size());
      long start = System.nanoTime();
      try {
        client(via).control().withDeadlineAfter(8, TimeUnit.SECONDS).updateNode(UpdateNodeRequest.newBuilder()
            .setRef(targetNode).putLabelsAdd(key, "1").build());
        long now = System.nanoTime();
        acks.add(new Ack(key, now, now - start, via));
        preferred = (preferred + i) % managers.size();
        return true;
      } catch (RuntimeException e) {
        // not acknowledged through this manager: reconnect next time, try the next one now
        DaemonClient broken = clients.remove(via);
        if (broken != null) {
          broken.close();
        }
      }
    }
    return false;
  }

  private DaemonClient client(String host) {
    return clients.computeIfAbsent(host, h -> lab.host(h).client());
  }

  /** Closes the connections; call after the last write. */
  public void close() {
    clients.values().forEach(DaemonClient::close);
    clients.clear();
  }

  /** Time from {@code sinceNanos} to the first acknowledgement of a write sent after it. */
  public java.util.OptionalLong firstAckOfWriteSentAfter(long sinceNanos) {
    return acks.stream().filter(a -> a.atNanos() - a.latencyNanos() > sinceNanos)
        .mapToLong(a -> a.atNanos() - sinceNanos).min();
  }

  @Override
  public void run() {
    try {
      while (!stopped) {
        if (!writeOnce()) {
          Lab.sleep(java.time.Duration.ofMillis(20));
        }
      }
    } finally {
      close();
    }
  }
}
