package dev.weft.daemon;

import dev.weft.agent.join.JoinClient;
import dev.weft.agent.session.AgentSession;
import dev.weft.agent.session.SessionListener;
import dev.weft.manager.cluster.AddressPools;
import dev.weft.manager.cluster.Manager;
import dev.weft.manager.cluster.ManagerConfig;
import dev.weft.manager.cluster.SwarmFounding;
import dev.weft.manager.raft.RaftMember;
import dev.weft.manager.store.StoreState;
import dev.weft.proto.AddressPoolSpec;
import dev.weft.proto.ControlGrpc;
import dev.weft.proto.InfoResponse;
import dev.weft.proto.InitRequest;
import dev.weft.proto.InitResponse;
import dev.weft.proto.JoinRaftRequest;
import dev.weft.proto.JoinRequest;
import dev.weft.proto.JoinResponse;
import dev.weft.proto.LocalNodeState;
import dev.weft.proto.NodeDescription;
import dev.weft.proto.NodeRole;
import dev.weft.proto.StoreResult;
import dev.weft.security.HostPort;
import dev.weft.security.ManagerChannels;
import dev.weft.security.NodeCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's membership in a swarm: init, join, leave, restart, and role changes. The only place
 * that starts or stops the manager and the agent's session. Every operation either completes or
 * leaves the node as it was (a failed init or join deletes what it wrote).
 */
final class SwarmController implements SessionListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwarmController.class);
  static final int DEFAULT_DATA_PATH_PORT = 4789;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final DaemonSettings settings;
  private final DataRoot data;
  private final ControlGate gate;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService roleChanges;

  private LocalNodeState state;
  private NodeCredentials credentials;
  private Manager manager;
  private AgentSession session;
  private SwarmDataPlane dataPlane;
  /** The managers' control addresses as last known, for the data plane's calls from other threads. */
  private volatile List<String> knownManagers = List.of();

  SwarmController(DaemonSettings settings, DataRoot data, ControlGate gate, InstantSource clock,
      RandomGenerator random, ScheduledExecutorService scheduler, ExecutorService roleChanges) {
    this.settings = settings;
    this.data = data;
    this.gate = gate;
    this.clock = clock;
    this.random = random;
    this.scheduler = scheduler;
    this.roleChanges = roleChanges;
  }

  /** The data plane to start with the session (overlays need local networking, created first). */
  synchronized void dataPlane(SwarmDataPlane plane) {
    this.dataPlane = plane;
  }

  /** At start-up: come back into the swarm this node was in, if any. */
  synchronized void resume() throws IOException {
    var saved = data.loadState();
    var savedCredentials = data.loadCredentials();
    if (saved.isEmpty() || savedCredentials.isEmpty()) {
      gate.outOfSwarm();
      log.info("not part of a swarm");
      return;
    }
    state = saved.get();
    credentials = savedCredentials.get();
    DaemonLogging.setNode(state.getNodeId());
    log.info("rejoining swarm {} as {}", state.getClusterId(), roleName(state.getRole()));
    if (state.getRole() == NodeRole.NODE_ROLE_MANAGER) {
      manager = Manager.start(managerConfig(), List.of(), clock, random, scheduler);
      gate.manager(manager.control());
    } else {
      gate.worker();
    }
    startSession();
  }

  synchronized InitResponse init(InitRequest request) throws Exception {
    requireNotInSwarm();
    AddressPoolSpec pools = invalidArgument(() -> AddressPools.validate(request.getDefaultAddrPoolList(),
        request.getDefaultAddrPoolMaskLength(), settings.swarmDefaultAddrPool()));
    int dataPathPort = request.getDataPathPort() == 0 ? DEFAULT_DATA_PATH_PORT : request.getDataPathPort();
    if (dataPathPort < 1024 || dataPathPort > 49151) {
      throw invalid("invalid --data-path-port " + dataPathPort + ": it must be within 1024-49151");
    }
    HostPort listen = invalidArgument(() -> listenAddr(request.getListenAddr()));
    String advertiseHost = invalidArgument(() -> Addresses.advertiseHost(request.getAdvertiseAddr()));
    int advertisePort = advertisePort(request.getAdvertiseAddr(), listen.port());
    String dataPathAddr = request.getDataPathAddr().isBlank() ? advertiseHost
        : invalidArgument(() -> Addresses.advertiseHost(request.getDataPathAddr()));
    String groupUuid = new UUID(random.nextLong(), random.nextLong()).toString();
    HostPort control = new HostPort(advertiseHost, advertisePort);
    HostPort raft = new HostPort(advertiseHost, advertisePort + 1);
    SwarmFounding founding = SwarmFounding.create(description(), advertiseHost, dataPathAddr,
        control.toString(), raft.toString(), pools, dataPathPort, groupUuid, clock.instant(), random);
    LocalNodeState founded = LocalNodeState.newBuilder()
        .setNodeId(founding.nodeId()).setClusterId(founding.clusterId())
        .setRole(NodeRole.NODE_ROLE_MANAGER).addManagerAddrs(control.toString())
        .setAdvertiseAddr(control.toString()).setListenAddr(listen.toString())
        .setDataPathAddr(dataPathAddr).setRaftGroupId(groupUuid).setRaftPort(listen.port() + 1).build();
    state = founded;
    credentials = founding.credentials();
    try {
      manager = Manager.start(managerConfig(), List.of(RaftMember.peer(founding.nodeId(), raft.toString())),
          clock, random, scheduler);
      if (!manager.awaitLeader(STARTUP_TIMEOUT, clock)) {
        throw new IllegalStateException("the new Raft group elected no leader within " + STARTUP_TIMEOUT.toSeconds() + "s");
      }
      StoreResult result = manager.proposer().propose(founding.createCluster()).get(10, TimeUnit.SECONDS);
      if (!result.getOk()) {
        throw new IllegalStateException(result.getError());
      }
      data.saveCredentials(credentials);
      data.saveState(state);
    } catch (Exception e) {
      undo();
      throw e instanceof StatusRuntimeException ? e
          : Status.INTERNAL.withDescription("swarm init failed: " + e.getMessage()).asRuntimeException();
    }
    DaemonLogging.setNode(founding.nodeId());
    gate.manager(manager.control());
    startSession();
    String token = manager.store().state().cluster().getJoinTokens().getWorker();
    log.info("swarm {} initialized; this node {} is its first manager", founding.clusterId(), founding.nodeId());
    return InitResponse.newBuilder().setNodeId(founding.nodeId())
        .setWorkerJoinCommand("weft swarm join --token " + token + " " + control).build();
  }

  synchronized JoinResponse join(JoinRequest request) throws Exception {
    requireNotInSwarm();
    HostPort remote = invalidArgument(() -> HostPort.parse(request.getRemoteAddr(), ManagerChannels.DEFAULT_PORT));
    HostPort listen = invalidArgument(() -> listenAddr(request.getListenAddr()));
    String advertiseHost = invalidArgument(() -> request.getAdvertiseAddr().isBlank()
        ? Addresses.localAddressToward(remote) : Addresses.advertiseHost(request.getAdvertiseAddr()));
    int advertisePort = advertisePort(request.getAdvertiseAddr(), listen.port());
    String dataPathAddr = request.getDataPathAddr().isBlank() ? advertiseHost : request.getDataPathAddr();
    JoinClient.Joined joined;
    try {
      joined = JoinClient.join(remote.toString(), request.getToken(),
          new JoinClient.Description(settings.hostname(), advertiseHost, dataPathAddr, DaemonSettings.VERSION));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    } catch (SecurityException e) {
      throw Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException();
    } catch (StatusRuntimeException e) {
      throw joinFailure(remote, e);
    }
    var response = joined.response();
    List<String> managers = new ArrayList<>();
    managers.add(remote.toString());
    response.getManagersList().forEach(m -> managers.add(m.getControlAddr()));
    state = LocalNodeState.newBuilder()
        .setNodeId(response.getNodeId()).setClusterId(response.getClusterId()).setRole(response.getRole())
        .addAllManagerAddrs(new LinkedHashSet<>(managers))
        .setAdvertiseAddr(new HostPort(advertiseHost, advertisePort).toString()).setListenAddr(listen.toString())
        .setDataPathAddr(dataPathAddr).setRaftGroupId(response.getRaftGroupId()).setRaftPort(listen.port() + 1)
        .build();
    credentials = joined.credentials();
    DaemonLogging.setNode(response.getNodeId());
    try {
      if (response.getRole() == NodeRole.NODE_ROLE_MANAGER) {
        startManagerAndJoinRaft(remote.toString());
        gate.manager(manager.control());
      } else {
        gate.worker();
      }
      data.saveCredentials(credentials);
      data.saveState(state);
    } catch (Exception e) {
      undo();
      throw Status.INTERNAL.withDescription("joining the Raft group failed: " + e.getMessage()).asRuntimeException();
    }
    startSession();
    log.info("joined swarm {} as {} {}", response.getClusterId(), roleName(response.getRole()), response.getNodeId());
    return JoinResponse.newBuilder().setNodeId(response.getNodeId()).setRole(response.getRole()).build();
  }

  synchronized void leave(boolean force) {
    if (state == null) {
      throw Status.FAILED_PRECONDITION.withDescription("This node is not part of a swarm").asRuntimeException();
    }
    if (manager != null && !force) {
      long managers = manager.store().state().managerCount();
      String consequence = managers <= 1
          ? "Removing the last manager erases all current state of the swarm."
          : "Removing this node leaves " + (managers - 1) + " managers out of a possible " + managers
              + ". Without a Raft quorum your swarm will be inaccessible.";
      throw Status.FAILED_PRECONDITION.withDescription("You are attempting to leave the swarm on a node that "
          + "is participating as a manager. " + consequence + " Use `--force` to ignore this message.")
          .asRuntimeException();
    }
    if (manager != null && manager.raft().members().size() > 1) {
      try {
        manager.raft().removeMember(state.getNodeId()).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("could not leave the Raft group cleanly: {}", e.toString());
      }
    }
    log.info("leaving swarm {}", state.getClusterId());
    if (dataPlane != null) {
      dataPlane.leave();
    }
    undo();
  }

  synchronized InfoResponse info() {
    InfoResponse.Builder info = InfoResponse.newBuilder()
        .setHostname(settings.hostname()).setVersion(DaemonSettings.VERSION)
        .setDataRoot(settings.dataRoot().toString()).setExecRoot(settings.execRoot().toString())
        .setLogLevel(settings.logLevel()).setSwarmState(state == null ? "inactive" : "active");
    if (state == null) {
      return info.build();
    }
    info.setNodeId(state.getNodeId()).setClusterId(state.getClusterId())
        .setIsManager(manager != null).setNodeAddr(HostPort.parse(state.getAdvertiseAddr(), 1).host())
        .addAllManagerAddrs(state.getManagerAddrsList());
    if (session != null && !session.connected()) {
      info.setSwarmState("pending");
    }
    if (manager != null) {
      StoreState store = manager.store().state();
      info.setManagers((int) store.managerCount()).setNodes(store.nodes().size())
          .setLeaderNodeId(manager.raft().leaderId().orElse(""));
    }
    return info.build();
  }

  @Override
  public void roleChangeRequested(NodeRole desired, String leaderAddr) {
    roleChanges.execute(() -> changeRole(desired, leaderAddr));
  }

  @Override
  public synchronized void managersChanged(List<String> controlAddrs) {
    if (state != null) {
      state = state.toBuilder().clearManagerAddrs().addAllManagerAddrs(controlAddrs).build();
      data.saveState(state);
      knownManagers = managerList();
    }
  }

  @Override
  public void removed(String message) {
    roleChanges.execute(() -> {
      synchronized (this) {
        if (state != null) {
          log.warn("this node was removed from swarm {}: leaving it", state.getClusterId());
          undo();
        }
      }
    });
  }

  private synchronized void changeRole(NodeRole desired, String leaderAddr) {
    if (state == null || credentials.role() == desired) {
      return;
    }
    log.info("the swarm wants this node to be a {}: renewing its certificate", roleName(desired));
    try {
      JoinClient.Joined renewed = JoinClient.renew(leaderAddr, credentials);
      if (renewed.response().getRole() != desired) {
        return;
      }
      stopSession();
      credentials = renewed.credentials();
      data.saveCredentials(credentials);
      state = state.toBuilder().setRole(desired).build();
      if (desired == NodeRole.NODE_ROLE_MANAGER) {
        startManagerAndJoinRaft(leaderAddr);
        gate.manager(manager.control());
      } else {
        gate.worker();
        closeManager();
        data.deleteRaft();
      }
      data.saveState(state);
      log.info("this node is now a {}", roleName(desired));
    } catch (Exception e) {
      log.warn("changing role to {} failed, will retry on the next heartbeat: {}", roleName(desired), e.toString());
    } finally {
      startSession();
    }
  }

  private void startManagerAndJoinRaft(String via) throws Exception {
    data.deleteRaft();
    manager = Manager.start(managerConfig(), List.of(), clock, random, scheduler);
    HostPort advertise = HostPort.parse(state.getAdvertiseAddr(), ManagerChannels.DEFAULT_PORT);
    ManagedChannel channel = ManagerChannels.open(via, credentials.channelCredentials());
    try {
      ControlGrpc.newBlockingStub(channel).withDeadlineAfter(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .joinRaft(JoinRaftRequest.newBuilder()
              .setRaftAddr(new HostPort(advertise.host(), advertise.port() + 1).toString())
              .setControlAddr(advertise.toString()).build());
    } finally {
      ManagerChannels.close(channel);
    }
    long deadline = clock.millis() + STARTUP_TIMEOUT.toMillis();
    while (manager.store().state().cluster() == null || manager.raft().leaderId().isEmpty()) {
      if (clock.millis() > deadline) {
        throw new IllegalStateException("this manager did not catch up with the Raft log in time");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private ManagerConfig managerConfig() {
    HostPort listen = HostPort.parse(state.getListenAddr(), ManagerChannels.DEFAULT_PORT);
    HostPort advertise = HostPort.parse(state.getAdvertiseAddr(), ManagerChannels.DEFAULT_PORT);
    return new ManagerConfig(state.getNodeId(), state.getClusterId(), state.getRaftGroupId(), credentials,
        listen, advertise, new HostPort(listen.host(), state.getRaftPort()),
        new HostPort(advertise.host(), advertise.port() + 1), data.raftDir(), settings.raft(), settings.liveness());
  }

  private List<String> managerList() {
    List<String> managers = new ArrayList<>();
    if (manager != null) {
      managers.add(state.getAdvertiseAddr());
    }
    managers.addAll(state.getManagerAddrsList());
    return List.copyOf(new LinkedHashSet<>(managers));
  }

  private void startSession() {
    knownManagers = managerList();
    session = new AgentSession(credentials, knownManagers, settings.hostname(), DaemonSettings.VERSION, scheduler, this);
    session.start();
    if (dataPlane != null) {
      try {
        dataPlane.start(state, credentials, () -> knownManagers);
      } catch (RuntimeException e) {
        log.error("the overlay data plane did not start: {}", e.toString());
        dataPlane.stop();
      }
    }
  }

  private void stopSession() {
    if (dataPlane != null) {
      dataPlane.stop();
    }
    if (session != null) {
      session.close();
      session = null;
    }
  }

  private void closeManager() {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }

  /** Back to "not in a swarm": stop everything and forget the swarm's files. */
  private void undo() {
    stopSession();
    closeManager();
    gate.outOfSwarm();
    data.deleteSwarm();
    state = null;
    credentials = null;
  }

  private void requireNotInSwarm() {
    if (state != null) {
      throw Status.FAILED_PRECONDITION.withDescription("This node is already part of a swarm. Use \"weft swarm "
          + "leave\" to leave this swarm and join another one.").asRuntimeException();
    }
  }

  private NodeDescription description() {
    return NodeDescription.newBuilder().setHostname(settings.hostname())
        .setOs(System.getProperty("os.name").toLowerCase()).setArch(System.getProperty("os.arch"))
        .setVersion(DaemonSettings.VERSION).build();
  }

  private static HostPort listenAddr(String text) {
    return text.isBlank() ? new HostPort("0.0.0.0", ManagerChannels.DEFAULT_PORT)
        : HostPort.parse(text, ManagerChannels.DEFAULT_PORT);
  }

  private static int advertisePort(String advertise, int listenPort) {
    if (advertise.isBlank() || !advertise.contains(":")) {
      return listenPort;
    }
    return HostPort.parse(advertise, listenPort).port();
  }

  private static StatusRuntimeException joinFailure(HostPort remote, StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return Status.UNAVAILABLE.withDescription("cannot reach a manager at " + remote + " ("
          + e.getStatus().getCode() + (description == null ? "" : ": " + description)
          + "); check the address and that port " + remote.port() + "/tcp is open").asRuntimeException();
    }
    return e.getStatus().withDescription(description).asRuntimeException();
  }

  private static String roleName(NodeRole role) {
    return role == NodeRole.NODE_ROLE_MANAGER ? "manager" : "worker";
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private static <T> T invalidArgument(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    stopSession();
    closeManager();
  }
}
