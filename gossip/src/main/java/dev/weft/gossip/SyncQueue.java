package dev.weft.gossip;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The anti-entropy exchanges a node still has to start, at most {@code maxInFlight} at a time.
 *
 * <p>When many nodes join a network at once (a service scaled across the swarm), every node
 * learns of every other's participation within a second and would sync with each: n² requests at
 * once, on top of ScaleCube's own metadata fetches, which starves the failure detector on a busy
 * host. Queued instead, a burst is worked through a few requests at a time; a request already
 * waiting is not queued twice. Pure; used on the node's event thread only.
 */
final class SyncQueue {

  /** An exchange of one network's table with one member. */
  record Sync(String networkId, String memberId) {}

  private final int maxInFlight;
  private final ArrayDeque<Sync> waiting = new ArrayDeque<>();
  private final Set<Sync> queued = new HashSet<>();
  private int inFlight;

  SyncQueue(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /** Queues an exchange; false if the same one is already waiting. */
  boolean offer(Sync sync) {
    if (!queued.add(sync)) {
      return false;
    }
    waiting.add(sync);
    return true;
  }

  /** The next exchange to start, counted as in flight; null if none waits or too many are in flight. */
  Sync poll() {
    if (inFlight >= maxInFlight || waiting.isEmpty()) {
      return null;
    }
    Sync next = waiting.poll();
    queued.remove(next);
    inFlight++;
    return next;
  }

  /** An exchange started by {@link #poll} has ended, answered or not. */
  void done() {
    if (inFlight > 0) {
      inFlight--;
    }
  }

  /** Forgets everything, in flight included (the link they ran on is gone). */
  void clear() {
    waiting.clear();
    queued.clear();
    inFlight = 0;
  }

  int waiting() {
    return waiting.size();
  }
}
