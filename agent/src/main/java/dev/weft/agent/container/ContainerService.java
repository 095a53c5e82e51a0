package dev.weft.agent.container;

import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.KernelNames;
import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.agent.network.NatTable;
import dev.weft.agent.overlay.OverlayNetworks;
import dev.weft.proto.Container;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.Endpoint;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.NetworkAttachmentSpec;
import dev.weft.proto.PortMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs, stops, starts and removes containers; see the package documentation for the life cycle. */
public final class ContainerService {
  private static final Logger log = LoggerFactory.getLogger(ContainerService.class);
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  /** How long {@code stop} waits after SIGTERM before SIGKILL (Docker's default). */
  public static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final LocalRegistry registry;
  private final Kernel kernel;
  private final KernelNames names;
  private final Sandbox sandbox;
  private final Launcher launcher;
  private final EndpointPlumber plumber;
  private final NatTable nat;
  private final DnsFiles dnsFiles;
  private final Path logRoot;
  private final InstantSource clock;
  /**
   * Containers removed by --rm when they exited, with their logs, kept for the client that is
   * still collecting their output and exit code (the oldest go first, with their logs).
   */
  private final java.util.LinkedHashMap<String, Container> autoRemoved = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, Container> eldest) {
      if (size() > AUTO_REMOVED_KEPT) {
        Sandbox.deleteTree(logRoot.resolve(eldest.getKey()));
        return true;
      }
      return false;
    }
  };
  static final int AUTO_REMOVED_KEPT = 64;
  /**
   * Where exits are handled: they wait for the registry's lock, so they must not occupy the
   * common fork-join pool (one worker on 2 cores) that others depend on.
   */
  private static final java.util.concurrent.Executor EXIT_HANDLERS =
      java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "weft-container-exit");
        t.setDaemon(true);
        return t;
      });
  private final SwarmEndpoints swarm;
  private final AttachmentResolver resolver;
  private final NetworkConnections connections;

  public ContainerService(LocalRegistry registry, Kernel kernel, KernelNames names, NatTable nat, DnsFiles dnsFiles,
      Path logRoot, InstantSource clock) {
    this.registry = registry;
    this.kernel = kernel;
    this.names = names;
    this.sandbox = new Sandbox(kernel);
    this.launcher = new Launcher();
    this.plumber = new EndpointPlumber(registry, kernel, names);
    this.nat = nat;
    this.dnsFiles = dnsFiles;
    this.logRoot = logRoot;
    this.clock = clock;
    this.swarm = new SwarmEndpoints(registry);
    this.resolver = new AttachmentResolver(registry, swarm);
    this.connections = new NetworkConnections(registry, swarm, resolver, plumber, sandbox, nat, dnsFiles);
  }

  /** Swarm networks become usable: called once the node's gossip and manager session are up. */
  public void overlays(OverlayNetworks overlays, java.util.function.Supplier<LocalNetwork> gwbridge) {
    swarm.use(overlays, gwbridge);
    plumber.overlays(overlays);
    dnsFiles.overlays(overlays);
  }

  /** Re-announces the overlay endpoints of running containers (after a restart) and repairs their sandboxes. */
  public void republishOverlays() {
    synchronized (registry.lock()) {
      swarm.republish();
      dnsFiles.refresh();
    }
  }

  /**
   * Runs a swarm task's container: {@code spec.task_id} is set, and its attachments carry the
   * addresses the managers chose with the task, on {@code networks} (from the node's assignment).
   */
  public Run runTask(ContainerSpec spec, List<dev.weft.proto.Network> networks, int dataPathPort) {
    if (spec.getTaskId().isEmpty()) {
      throw new IllegalArgumentException("not a task: task_id is empty");
    }
    synchronized (registry.lock()) {
      swarm.join(networks, dataPathPort);
      return run(spec);
    }
  }

  /** The result of {@code run}: the container and warnings for the user. */
  public record Run(Container container, List<String> warnings) {}

  public Run run(ContainerSpec requested) {
    List<String> warnings = new ArrayList<>();
    Container container;
    synchronized (registry.lock()) {
      List<NetworkAttachmentSpec> swarmAttached = new ArrayList<>();
      ContainerSpec spec;
      try {
        spec = checked(requested, warnings, swarmAttached);
      } catch (RuntimeException e) {
        swarm.release(swarmAttached, !requested.getTaskId().isEmpty());
        throw e;
      }
      String id = registry.newId();
      if (spec.getHostname().isBlank()) {
        spec = spec.toBuilder().setHostname(id.substring(0, 12)).build();
      }
      container = Container.newBuilder().setId(id).setSpec(spec).setState("created")
          .setCreatedUnixMs(clock.millis()).setNetworkMode(mode(spec)).build();
      registry.put(container);
      registry.save();
      try {
        container = startLocked(container);
      } catch (RuntimeException e) {
        registry.removeContainer(id);
        swarm.release(swarmAttached, !requested.getTaskId().isEmpty());
        registry.save();
        throw e;
      }
    }
    return new Run(container, warnings);
  }

  private ContainerSpec checked(ContainerSpec spec, List<String> warnings, List<NetworkAttachmentSpec> swarmAttached) {
    if (spec.getCommandCount() == 0) {
      throw new IllegalArgumentException("no command given: weft run [OPTIONS] -- COMMAND [ARG...]");
    }
    for (String env : spec.getEnvList()) {
      if (env.indexOf('=') < 1) {
        throw new IllegalArgumentException("invalid environment variable '" + env + "': expected KEY=VALUE");
      }
    }
    ContainerSpec.Builder b = spec.toBuilder();
    if (!spec.getName().isBlank()) {
      if (!NAME.matcher(spec.getName()).matches()) {
        throw new IllegalArgumentException("invalid container name '" + spec.getName()
            + "': only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
      }
      if (registry.containerByName(spec.getName()).isPresent()) {
        throw new IllegalArgumentException("Conflict. The container name \"" + spec.getName()
            + "\" is already in use; remove it or choose another --name");
      }
    } else {
      b.setName(generatedName());
    }
    if (spec.getNetworksCount() == 0) {
      b.addNetworks(NetworkAttachmentSpec.newBuilder().setNetwork(Drivers.BRIDGE));
    }
    List<NetworkAttachmentSpec> resolved = new ArrayList<>();
    for (NetworkAttachmentSpec a : b.getNetworksList()) {
      resolved.add(resolver.resolve(a, b.getName(), spec.getTaskId(), b.getNetworksCount(), swarmAttached));
    }
    swarm.addGatewayBridge(resolved);
    b.clearNetworks().addAllNetworks(resolved);
    String mode = mode(b.build());
    if (mode.equals(Drivers.HOST) && spec.getPortsCount() > 0) {
      warnings.add("Published ports are discarded when using host network mode");
      b.clearPorts();
    }
    if (mode.equals(Drivers.NULL) && spec.getPortsCount() > 0) {
      throw new IllegalArgumentException("ports cannot be published on the none network");
    }
    List<PortMapping> ports = new ArrayList<>();
    for (PortMapping p : b.getPortsList()) {
      PortMapping normalized = p.getHostIp().equals("0.0.0.0") ? p.toBuilder().setHostIp("").build() : p;
      if (!normalized.getHostIp().isEmpty() && !dev.weft.net.Ipv4.isIpv4(normalized.getHostIp())) {
        throw new IllegalArgumentException("invalid host address '" + p.getHostIp() + "' in -p: expected an IPv4 address");
      }
      if (!normalized.getProtocol().equals("tcp") && !normalized.getProtocol().equals("udp")) {
        throw new IllegalArgumentException("invalid protocol '" + p.getProtocol() + "' in -p: use tcp or udp");
      }
      if (normalized.getHostPort() < 1 || normalized.getHostPort() > 65535
          || normalized.getContainerPort() < 1 || normalized.getContainerPort() > 65535) {
        throw new IllegalArgumentException("invalid port in -p: ports must be 1-65535");
      }
      checkPortFree(normalized);
      ports.add(normalized);
    }
    b.clearPorts().addAllPorts(ports);
    return b.build();
  }

  private void checkPortFree(PortMapping p) {
    for (Container c : registry.containers()) {
      if (!c.getState().equals("running")) {
        continue;
      }
      for (PortMapping other : c.getSpec().getPortsList()) {
        boolean sameAddress = other.getHostIp().isEmpty() || p.getHostIp().isEmpty()
            || other.getHostIp().equals(p.getHostIp());
        if (sameAddress && other.getHostPort() == p.getHostPort() && other.getProtocol().equals(p.getProtocol())) {
          throw new IllegalArgumentException("Bind for " + (p.getHostIp().isEmpty() ? "0.0.0.0" : p.getHostIp()) + ":"
              + p.getHostPort() + " failed: port is already allocated (by container " + c.getSpec().getName() + ")");
        }
      }
    }
  }

  private String mode(ContainerSpec spec) {
    if (spec.getNetworksCount() == 1) {
      String driver = registry.networkById(spec.getNetworks(0).getNetwork())
          .map(n -> n.getSpec().getDriver()).orElse(Drivers.BRIDGE);
      if (driver.equals(Drivers.HOST) || driver.equals(Drivers.NULL)) {
        return driver;
      }
    }
    return Drivers.BRIDGE;
  }

  private String generatedName() {
    String[] left = {"brave", "calm", "eager", "gentle", "keen", "lucid", "quick", "steady", "vivid", "witty"};
    String[] right = {"ampere", "bohr", "curie", "dirac", "euler", "fermi", "gauss", "hopper", "noether", "turing"};
    for (int attempt = 0; ; attempt++) {
      String id = registry.newId();
      String name = left[Character.digit(id.charAt(0), 16) % 10] + "_" + right[Character.digit(id.charAt(1), 16) % 10]
          + (attempt > 0 ? "_" + id.substring(2, 6) : "");
      if (registry.containerByName(name).isEmpty()) {
        return name;
      }
    }
  }

  /** Starts a created or exited container. Holds the lock. */
  private Container startLocked(Container container) {
    ContainerSpec spec = container.getSpec();
    String mode = container.getNetworkMode();
    String netns = mode.equals(Drivers.HOST) ? null : names.netns(container.getId());
    List<Endpoint> endpoints = new ArrayList<>();
    List<LocalNetwork> networks = new ArrayList<>();
    if (mode.equals(Drivers.BRIDGE)) {
      for (NetworkAttachmentSpec a : spec.getNetworksList()) {
        LocalNetwork network = registry.networkById(a.getNetwork()).orElseThrow(() ->
            new IllegalArgumentException("network " + a.getNetwork() + " not found"));
        endpoints.add(plumber.allocate(registry.networkById(network.getId()).orElseThrow(), a, endpoints.size(), endpoints));
        networks.add(network);
      }
    }
    if (netns != null) {
      List<String> addresses = new ArrayList<>();
      for (Endpoint e : endpoints) {
        addresses.add(e.getIpv4().substring(0, e.getIpv4().indexOf('/')));
        if (!e.getIpv6().isEmpty()) {
          addresses.add(e.getIpv6().substring(0, e.getIpv6().indexOf('/')));
        }
      }
      // With an endpoint, loopback comes up in the endpoint's own batch.
      sandbox.create(netns, Sandbox.hostsFile(spec.getHostname(), addresses), dnsFiles.resolvConf(networks),
          endpoints.isEmpty());
    }
    Container.Builder running = container.toBuilder().clearEndpoints().setNetns(netns == null ? "" : netns);
    try {
      boolean routed = false;
      boolean egress = swarm.overlayEgress(spec);
      java.util.Set<String> inside = new java.util.LinkedHashSet<>(); // every endpoint's, in one process
      for (int i = 0; i < endpoints.size(); i++) {
        LocalNetwork network = networks.get(i);
        boolean defaultRoute = !routed && !network.getSpec().getInternal()
            && !network.getSpec().getDriver().equals(Drivers.OVERLAY) && (!SwarmEndpoints.isGatewayBridge(network) || egress);
        inside.addAll(plumber.attach(network, endpoints.get(i), netns, defaultRoute));
        routed |= defaultRoute;
      }
      kernel.ipBatch(netns, List.copyOf(inside));
      if (netns != null) {
        dnsFiles.redirect(netns, networks, endpoints);
      }
      Process process = launcher.start(netns, spec.getHostname(), spec.getCommandList(), spec.getEnvList(),
          logFile(container.getId()));
      running.addAllEndpoints(endpoints).setState("running").setPid((int) process.pid())
          .setPidStartTicks(Launcher.startTicks(process.pid())).setStartedUnixMs(clock.millis())
          .setExitCode(0).setFinishedUnixMs(0);
      Container started = running.build();
      registry.put(started);
      registry.save();
      swarm.up(started);
      nat.apply();
      dnsFiles.refreshNames();
      watch(started, process.onExit().thenApply(Process::exitValue));
      log.info("container {} ({}) started: pid {}, {}", spec.getName(), container.getId().substring(0, 12),
          process.pid(), endpoints.stream().map(Endpoint::getIpv4).toList());
      return started;
    } catch (RuntimeException e) {
      if (netns != null) {
        sandbox.destroy(netns);
        dnsFiles.abandoned(netns);
      }
      throw e;
    }
  }

  public Path logFile(String id) {
    return logRoot.resolve(id).resolve("container.log");
  }

  /** Follows the process; when it ends, tears the sandbox down. */
  private void watch(Container container, java.util.concurrent.CompletableFuture<Integer> exitCode) {
    exitCode.thenAcceptAsync(code -> exited(container.getId(), container.getPid(), code), EXIT_HANDLERS);
  }

  private void exited(String id, int pid, int code) {
    synchronized (registry.lock()) {
      Container c;
      try {
        c = registry.container(id);
      } catch (IllegalArgumentException gone) {
        return;
      }
      if (c.getPid() != pid || !c.getState().equals("running")) {
        return;
      }
      tearDown(c);
      Container done = c.toBuilder().setState("exited").setExitCode(code).setFinishedUnixMs(clock.millis())
          .clearEndpoints().setPid(0).build();
      log.info("container {} ({}) exited with code {}", c.getSpec().getName(), id.substring(0, 12), code);
      if (c.getSpec().getAutoRemove()) {
        registry.removeContainer(id);
        swarm.release(c.getSpec().getNetworksList(), !c.getSpec().getTaskId().isEmpty());
        autoRemoved.put(id, done);
      } else {
        registry.put(done);
      }
      registry.save();
      nat.apply();
      dnsFiles.refresh();
    }
  }

  private void tearDown(Container c) {
    if (!c.getNetns().isEmpty()) {
      sandbox.destroy(c.getNetns());
    }
    swarm.down(c.getEndpointsList());
  }

  /** A container by its full id, including one just removed by --rm. */
  public Optional<Container> byId(String id) {
    synchronized (registry.lock()) {
      Optional<Container> live = registry.containers().stream().filter(c -> c.getId().equals(id)).findFirst();
      return live.isPresent() ? live : Optional.ofNullable(autoRemoved.get(id));
    }
  }

  public Container inspect(String ref) {
    synchronized (registry.lock()) {
      return registry.container(ref);
    }
  }

  public List<Container> list(boolean all) {
    synchronized (registry.lock()) {
      return registry.containers().stream().filter(c -> all || c.getState().equals("running")).toList();
    }
  }

  /** SIGTERM, then SIGKILL after the grace period; returns once the container has exited. */
  public void stop(String ref) {
    Container c = inspect(ref);
    if (!c.getState().equals("running")) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(c.getPid());
    if (handle.isEmpty()) {
      return;
    }
    ProcessHandle process = handle.get();
    process.destroy();
    try {
      process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      process.onExit().join();
    }
    awaitExited(c.getId());
  }

  private void awaitExited(String id) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      synchronized (registry.lock()) {
        Optional<Container> c = registry.containers().stream().filter(x -> x.getId().equals(id)).findFirst();
        if (c.isEmpty() || !c.get().getState().equals("running")) {
          return;
        }
      }
      Thread.onSpinWait();
    }
  }

  public Container start(String ref) {
    synchronized (registry.lock()) {
      Container c = registry.container(ref);
      if (c.getState().equals("running")) {
        return c;
      }
      for (PortMapping p : c.getSpec().getPortsList()) {
        checkPortFree(p);
      }
      return startLocked(c);
    }
  }

  public void remove(String ref, boolean force) {
    Container c = inspect(ref);
    if (c.getState().equals("running")) {
      if (!force) {
        throw new IllegalArgumentException("You cannot remove a running container " + c.getId().substring(0, 12)
            + ". Stop the container before attempting removal or force remove");
      }
      ProcessHandle.of(c.getPid()).ifPresent(ProcessHandle::destroyForcibly);
      ProcessHandle.of(c.getPid()).ifPresent(p -> p.onExit().join());
      awaitExited(c.getId());
    }
    synchronized (registry.lock()) {
      registry.containers().stream().filter(x -> x.getId().equals(c.getId())).findFirst().ifPresent(x -> {
        if (x.getState().equals("running")) {
          tearDown(x);
        }
        registry.removeContainer(x.getId());
        swarm.release(x.getSpec().getNetworksList(), !x.getSpec().getTaskId().isEmpty());
      });
      registry.save();
      Sandbox.deleteTree(logRoot.resolve(c.getId()));
      nat.apply();
      dnsFiles.refresh();
    }
  }

  /** Connects a container to a network: at once when it runs, at its next start otherwise. */
  public void connect(String networkRef, String containerRef, List<String> aliases, String ipv4) {
    connections.connect(networkRef, containerRef, aliases, ipv4);
  }

  /** Disconnects a container from a network, at once when it runs. */
  public void disconnect(String networkRef, String containerRef) {
    connections.disconnect(networkRef, containerRef);
  }

  /** Adopts the processes of containers that kept running while the daemon was down. */
  public void adopt(Container c) {
    ProcessHandle.of(c.getPid()).ifPresentOrElse(
        p -> watch(c, p.onExit().thenApply(h -> -1)), () -> exited(c.getId(), c.getPid(), -1));
  }

  /** Marks a container whose process is gone as exited and removes its sandbox. */
  public void markGone(Container c) {
    exited(c.getId(), c.getPid(), -1);
  }
}
