package dev.weft.daemon;

import dev.weft.agent.ipam.LocalPools;
import dev.weft.agent.kernel.Kernel;
import dev.weft.agent.kernel.ProcessRunner;
import dev.weft.agent.network.LocalNetworking;
import dev.weft.gossip.GossipSettings;
import dev.weft.manager.liveness.LivenessSettings;
import dev.weft.manager.raft.RaftSettings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weftd}: the daemon. Runs until SIGTERM or SIGINT, then stops cleanly. */
@Command(name = "weftd", mixinStandardHelpOptions = true, version = "weftd " + DaemonSettings.VERSION,
    description = "The weft daemon: agent on every host, manager on manager nodes.")
public final class Weftd implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Weftd.class);

  @Option(names = "--data-root", defaultValue = "/var/lib/weft", description = "Persistent state (default: ${DEFAULT-VALUE})")
  Path dataRoot;

  @Option(names = "--exec-root", defaultValue = "/run/weft", description = "Runtime state (default: ${DEFAULT-VALUE})")
  Path execRoot;

  @Option(names = {"-H", "--host"}, description = "Control socket, unix://PATH (default: unix://<exec-root>/weft.sock)")
  String host;

  @Option(names = "--log-level", defaultValue = "info", description = "debug, info, warn or error (default: ${DEFAULT-VALUE})")
  String logLevel;

  @Option(names = "--hostname", description = "This node's name in the swarm (default: the host name)")
  String hostname;

  @Option(names = "--swarm-default-addr-pool", defaultValue = "10.0.0.0/8",
      description = "Pool for swarm-scope networks when 'swarm init' names none (default: ${DEFAULT-VALUE})")
  String swarmDefaultAddrPool;

  @Option(names = "--default-address-pool", paramLabel = "base=CIDR,size=N",
      description = "Pool for local bridge networks that name no subnet (repeatable; default: Docker's 172.17-31/16, 192.168/20)")
  java.util.List<String> defaultAddressPools = new java.util.ArrayList<>();

  @Option(names = "--heartbeat-period", defaultValue = "1s",
      description = "How often agents heartbeat the leader, e.g. 1s or 500ms (default: ${DEFAULT-VALUE})")
  String heartbeatPeriod;

  @Option(names = "--gossip-port", defaultValue = "7946",
      description = "TCP port the node gossips overlay endpoints on, on its advertise address (default: ${DEFAULT-VALUE})")
  int gossipPort;

  @Option(names = "--raft-preset", defaultValue = "lan", description = "Raft timing: lan or wan (default: ${DEFAULT-VALUE})")
  String raftPreset;

  @Override
  public Integer call() throws Exception {
    DaemonLogging.configure(logLevel);
    Path socket = socketPath();
    DaemonSettings settings = new DaemonSettings(dataRoot, execRoot, socket,
        hostname != null ? hostname : InetAddress.getLocalHost().getHostName(), swarmDefaultAddrPool,
        RaftSettings.preset(raftPreset), new LivenessSettings(parseDuration(heartbeatPeriod), 3), logLevel);
    DataRoot data = new DataRoot(dataRoot);
    data.create();
    java.nio.file.Files.createDirectories(execRoot);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("weft-sched"));
    ExecutorService roleChanges = Executors.newSingleThreadExecutor(daemonThreads("weft-role"));
    ControlGate gate = new ControlGate();
    SwarmController controller = new SwarmController(settings, data, gate, InstantSource.system(),
        new SecureRandom(), scheduler, roleChanges);
    LocalPools pools = defaultAddressPools.isEmpty() ? LocalPools.DOCKER_DEFAULT
        : new LocalPools(defaultAddressPools.stream().map(LocalPools::parsePool).toList());
    ExecutorService dnsForwarders = Executors.newFixedThreadPool(4, daemonThreads("weft-dns"));
    LocalNetworking local = LocalNetworking.start(dataRoot, new Kernel(new ProcessRunner()), pools,
        InstantSource.system(), new SecureRandom(), dnsForwarders);
    if (gossipPort < 1 || gossipPort > 65535) {
      throw new CommandLine.ParameterException(new CommandLine(this), "invalid --gossip-port " + gossipPort
          + ": it must be within 1-65535");
    }
    SwarmDataPlane dataPlane = new SwarmDataPlane(local, data, gossipPort, GossipSettings.LAN, scheduler);
    controller.dataPlane(dataPlane);
    controller.resume();
    LocalApi api = new LocalApi(socket, controller, gate, local, scheduler);
    log.info("weftd {} started on {} (data root {})", DaemonSettings.VERSION, settings.hostname(), dataRoot);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      api.close();
      local.close();
      dnsForwarders.shutdownNow();
      controller.close();
      dataPlane.close();
      scheduler.shutdownNow();
      roleChanges.shutdownNow();
      log.info("stopped");
      stopped.countDown();
    }, "weftd-shutdown"));
    stopped.await();
    return 0;
  }

  private Path socketPath() {
    if (host == null) {
      return execRoot.resolve("weft.sock");
    }
    if (!host.startsWith("unix://")) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "invalid -H '" + host + "': only unix://PATH is supported");
    }
    return Path.of(host.substring("unix://".length()));
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase();
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("invalid duration '" + text + "': use e.g. 500ms or 2s");
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Weftd()).setParameterExceptionHandler((ex, a) -> {
          ex.getCommandLine().getErr().println("Error: " + ex.getMessage());
          ex.getCommandLine().getErr().println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return 1;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("weftd: " + e.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }
}
