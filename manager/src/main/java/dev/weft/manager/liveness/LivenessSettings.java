package dev.weft.manager.liveness;

import java.time.Duration;

/**
 * How often agents heartbeat and how many beats may go missing before a node is Down.
 *
 * @param heartbeatPeriod interval between an agent's heartbeats
 * @param missedBeats beats that may be missed; a node is Down after
 *     {@code heartbeatPeriod × missedBeats} of silence
 */
public record LivenessSettings(Duration heartbeatPeriod, int missedBeats) {
  /**
   * Defaults: a beat every 1 s, Down after 3 s of silence, so a cut link shows Down within about
   * 3.3 s (one check period later), well inside 5 s; Docker Swarm takes 13.6 s here.
   */
  public static final LivenessSettings DEFAULT = new LivenessSettings(Duration.ofSeconds(1), 3);

  public LivenessSettings {
    if (heartbeatPeriod.toMillis() < 50) {
      throw new IllegalArgumentException("heartbeat period must be at least 50ms");
    }
    if (missedBeats < 2) {
      throw new IllegalArgumentException("missedBeats must be at least 2");
    }
  }

  public Duration grace() {
    return heartbeatPeriod.multipliedBy(missedBeats);
  }

  /** How often the leader looks for silent nodes: a quarter period. */
  public Duration checkPeriod() {
    return heartbeatPeriod.dividedBy(4);
  }
}
