package dev.weft.agent.session;

import dev.weft.proto.DispatcherGrpc;
import dev.weft.proto.HeartbeatRequest;
import dev.weft.proto.HeartbeatResponse;
import dev.weft.proto.ManagerEndpoint;
import dev.weft.proto.NodeRole;
import dev.weft.security.ManagerChannels;
import dev.weft.security.NodeCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Heartbeats the leader; see the package documentation for the states. */
public final class AgentSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

  /** Heartbeat period used until the leader says otherwise. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

  enum State { SEEKING, CONNECTED, REMOVED }

  private final NodeCredentials credentials;
  private final String hostname;
  private final String version;
  private final ScheduledExecutorService scheduler;
  private final SessionListener listener;
  private final Map<String, ManagedChannel> channels = new HashMap<>();
  private List<String> managers;
  private int target;
  private long periodMs = DEFAULT_PERIOD.toMillis();
  private State state = State.SEEKING;
  private NodeRole lastRequestedRole;
  private volatile boolean closed;
  private ScheduledFuture<?> next;

  public AgentSession(NodeCredentials credentials, List<String> managers, String hostname, String version,
      ScheduledExecutorService scheduler, SessionListener listener) {
    if (managers.isEmpty()) {
      throw new IllegalArgumentException("no manager to connect to");
    }
    this.credentials = credentials;
    this.managers = List.copyOf(managers);
    this.hostname = hostname;
    this.version = version;
    this.scheduler = scheduler;
    this.listener = listener;
  }

  public synchronized void start() {
    schedule(0);
  }

  public synchronized boolean connected() {
    return state == State.CONNECTED;
  }

  private synchronized void schedule(long delayMs) {
    if (!closed) {
      next = scheduler.schedule(this::beat, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void beat() {
    String addr;
    synchronized (this) {
      if (closed || state == State.REMOVED) {
        return;
      }
      addr = managers.get(Math.floorMod(target, managers.size()));
    }
    try {
      HeartbeatResponse response = DispatcherGrpc.newBlockingStub(channel(addr))
          .withDeadlineAfter(Math.max(periodMs * 2, 2000), TimeUnit.MILLISECONDS)
          .heartbeat(HeartbeatRequest.newBuilder().setHostname(hostname).setVersion(version).build());
      if (!response.getAccepted()) {
        redirect(addr, response.getLeaderAddr());
        return;
      }
      accepted(addr, response);
      schedule(periodMs);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED
          && String.valueOf(e.getStatus().getDescription()).contains("removed")) {
        synchronized (this) {
          state = State.REMOVED;
        }
        log.warn("the swarm refused this node: {}", e.getStatus().getDescription());
        listener.removed(e.getStatus().getDescription());
        return;
      }
      failed(addr, e.getStatus());
    } catch (RuntimeException e) {
      failed(addr, Status.fromThrowable(e));
    }
  }

  private void accepted(String addr, HeartbeatResponse response) {
    boolean wasConnected;
    List<String> fresh = new ArrayList<>();
    fresh.add(addr);
    for (ManagerEndpoint m : response.getManagersList()) {
      fresh.add(m.getControlAddr());
    }
    List<String> ordered = List.copyOf(new LinkedHashSet<>(fresh));
    boolean managersChanged;
    synchronized (this) {
      wasConnected = state == State.CONNECTED;
      state = State.CONNECTED;
      periodMs = response.getPeriodMs() > 0 ? response.getPeriodMs() : periodMs;
      managersChanged = !ordered.equals(managers);
      managers = ordered;
      target = 0;
    }
    if (!wasConnected) {
      log.info("session with leader at {} established", addr);
    }
    if (managersChanged) {
      listener.managersChanged(ordered);
    }
    NodeRole held = credentials.role();
    if (response.getDesiredRole() != held && response.getDesiredRole() != lastRequestedRole) {
      lastRequestedRole = response.getDesiredRole();
      listener.roleChangeRequested(response.getDesiredRole(), addr);
    }
  }

  private void redirect(String from, String leaderAddr) {
    synchronized (this) {
      if (leaderAddr.isEmpty()) {
        target++;
      } else {
        List<String> updated = new ArrayList<>(managers);
        updated.remove(leaderAddr);
        updated.add(0, leaderAddr);
        managers = List.copyOf(updated);
        target = 0;
      }
      state = State.SEEKING;
    }
    log.debug("{} is not the leader; trying {}", from, leaderAddr.isEmpty() ? "the next manager" : leaderAddr);
    schedule(leaderAddr.isEmpty() ? 100 : 0);
  }

  private void failed(String addr, Status status) {
    boolean wasConnected;
    synchronized (this) {
      wasConnected = state == State.CONNECTED;
      state = State.SEEKING;
      target++;
    }
    if (wasConnected) {
      log.info("lost the session with {}: {}; trying the other managers", addr, status.getCode());
    }
    schedule(Math.min(periodMs, 500));
  }

  /**
   * The channel to a manager. A channel that failed to connect is told to retry at once rather
   * than after gRPC's growing backoff, so a node whose link returns is Ready again within a beat.
   */
  private synchronized ManagedChannel channel(String addr) {
    return ManagerChannels.retryingNow(
        channels.computeIfAbsent(addr, a -> ManagerChannels.open(a, credentials.channelCredentials())));
  }

  @Override
  public void close() {
    List<ManagedChannel> open;
    synchronized (this) {
      closed = true;
      if (next != null) {
        next.cancel(false);
      }
      open = List.copyOf(channels.values());
      channels.clear();
    }
    open.forEach(ManagerChannels::close);
  }
}
