package dev.weft.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Volume;
import dev.weft.cli.DaemonClient;
import dev.weft.proto.Empty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A set of lab hosts on one docker network; see the package documentation for the conventions.
 * Faults are injected for real: {@link #killDaemon} is SIGKILL, {@link #disconnect} takes the
 * host's only link away.
 */
public final class Lab implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lab.class);
  /** Pool for swarm-scope networks configured on every lab daemon (inside 198.18.0.0/15). */
  public static final String SWARM_POOL = "198.18.128.0/17";
  /** Pool for local bridge networks on every lab daemon (inside 198.18.0.0/15). */
  public static final String LOCAL_POOL = "base=198.19.0.0/16,size=24";
  static final Path RUN_ROOT = Path.of("/run/weft-lab");
  private static final ImagePullPolicy NEVER_PULL = image -> false;
  /** On every host: starts its weftd with the lab's flags (also used by deploy/lab.sh start). */
  static final String START_SCRIPT = "/usr/local/bin/lab-weftd-start";
  /** On every host: SIGKILLs its weftd (also used by deploy/lab.sh kill). */
  static final String KILL_SCRIPT = "/usr/local/bin/lab-weftd-kill";
  // busybox in the node image has no pkill; "Weft[d]" keeps the scan from matching itself.
  private static final String KILL_SCRIPT_TEXT = "#!/bin/sh\n# SIGKILLs this lab host's weftd.\nn=0\n"
      + "for p in /proc/[0-9]*; do\n"
      + "  if tr '\\0' ' ' <$p/cmdline 2>/dev/null | grep -q 'dev.weft.daemon.Weft[d]'; then\n"
      + "    kill -9 ${p#/proc/} && n=$((n+1))\n  fi\ndone\n[ $n -gt 0 ]\n";

  private final String name;
  private final String subnet;
  private final Map<String, LabHost> hosts = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final DockerClient docker;
  private final String image;
  private final String daemonFlags;

  private final boolean outliveJvm;

  private Lab(String name, String subnet, String image, String daemonFlags, boolean outliveJvm) {
    this.outliveJvm = outliveJvm;
    this.name = name;
    this.subnet = subnet;
    this.image = image;
    this.daemonFlags = daemonFlags;
    this.docker = DockerClientFactory.instance().client();
  }

  /**
   * Starts {@code count} hosts named h1…hN, each running weftd.
   *
   * @param repo the repository root (for deploy/ scripts and the built distribution)
   * @param thirdOctet picks the lab's subnet 198.18.&lt;thirdOctet&gt;.0/24 (0–127)
   * @param daemonFlags extra weftd flags for every host
   */
  public static Lab start(Path repo, String name, int count, int thirdOctet, String daemonFlags) {
    return start(repo, name, count, thirdOctet, daemonFlags, false);
  }

  /**
   * As {@link #start(Path, String, int, int, String)}; with {@code outliveJvm} the hosts are
   * created as Testcontainers "reusable" containers, which its shutdown hook leaves running
   * (needs {@code TESTCONTAINERS_REUSE_ENABLE=true}), for deploy/lab.sh.
   */
  public static Lab start(Path repo, String name, int count, int thirdOctet, String daemonFlags, boolean outliveJvm) {
    if (thirdOctet < 0 || thirdOctet > 127) {
      throw new IllegalArgumentException("the lab subnet must lie in 198.18.0.0/17");
    }
    Engine.ensureRunning(repo);
    String image = NodeImage.build(repo);
    int octet = freeOctet(thirdOctet, name);
    if (octet != thirdOctet) {
      log.info("lab {}: 198.18.{}.0/24 is taken by another docker network; using 198.18.{}.0/24", name, thirdOctet, octet);
    }
    Lab lab = new Lab(name, "198.18." + octet + ".0/24", image, daemonFlags, outliveJvm);
    try {
      lab.createNetwork();
      for (int i = 1; i <= count; i++) {
        lab.addHost("h" + i);
      }
      for (String host : lab.hosts.keySet()) {
        lab.startDaemon(host);
      }
      for (String host : lab.hosts.keySet()) {
        lab.awaitDaemon(host, Duration.ofSeconds(60));
      }
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  public String name() {
    return name;
  }

  public List<String> hostNames() {
    return List.copyOf(hosts.keySet());
  }

  public LabHost host(String host) {
    LabHost h = hosts.get(host);
    if (h == null) {
      throw new IllegalArgumentException("no host " + host + " in lab " + name);
    }
    return h;
  }

  /**
   * {@code wanted}, or the next third octet (1-127, wrapping) whose /24 no docker network other than
   * one named {@code name} (replaced anyway) uses: a lab whose network outlived it must not make
   * the next one fail to start.
   */
  private static int freeOctet(int wanted, String name) {
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (Network n : DockerClientFactory.instance().client().listNetworksCmd().exec()) {
      if (!n.getName().equals(name) && n.getIpam() != null && n.getIpam().getConfig() != null) {
        n.getIpam().getConfig().forEach(c -> taken.add(c.getSubnet()));
      }
    }
    if (!taken.contains("198.18." + wanted + ".0/24")) {
      return wanted;
    }
    for (int i = 0; i < 127; i++) {
      int octet = 1 + Math.floorMod(wanted + i, 127);
      if (!taken.contains("198.18." + octet + ".0/24")) {
        return octet;
      }
    }
    throw new IllegalStateException("every 198.18.N.0/24 lab subnet is taken by a docker network");
  }

  /** The host's underlay address. */
  public String address(String host) {
    return addresses.get(host);
  }

  private void createNetwork() {
    removeLeftovers();
    docker.createNetworkCmd().withName(name).withDriver("bridge")
        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
        .withLabels(Map.of("weft.lab", name)).exec();
  }

  /** Removes containers and the network of an earlier lab of the same name. */
  private void removeLeftovers() {
    docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("weft.lab", name)).exec()
        .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    docker.listNetworksCmd().withNameFilter(name).exec().stream().filter(n -> n.getName().equals(name))
        .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
  }

  private void addHost(String host) {
    Path runDir = RUN_ROOT.resolve(name).resolve(host);
    deleteTree(runDir);
    try {
      Files.createDirectories(runDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    @SuppressWarnings("resource")
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withImagePullPolicy(NEVER_PULL)
        .withReuse(outliveJvm)
        .withLabel("weft.lab", name)
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withName(name + "-" + host).withHostName(host);
          cmd.withHostConfig(new NodeHostConfig()
              .withNetworkMode(name)
              .withCapAdd(Capability.ALL)
              .withCapDrop(Capability.SYS_RESOURCE)
              .withSecurityOpts(List.of("seccomp=unconfined"))
              .withInit(true)
              .withTmpFs(Map.of("/run", "rw,exec,mode=755"))
              .withBinds(new Bind(runDir.toString(), new Volume("/run/weft"))));
        });
    container.start();
    container.copyFileToContainer(Transferable.of(startScript(host), 0755), START_SCRIPT);
    container.copyFileToContainer(Transferable.of(KILL_SCRIPT_TEXT, 0755), KILL_SCRIPT);
    hosts.put(host, new LabHost(host, container, runDir));
    addresses.put(host, container.getContainerInfo().getNetworkSettings().getNetworks().get(name).getIpAddress());
    log.info("host {} is up at {}", host, addresses.get(host));
  }

  /** The host's weftd command line: the lab's pools and flags. */
  private String startScript(String host) {
    return "#!/bin/sh\n# Starts this lab host's weftd in the background (written by dev.weft.lab.Lab).\n"
        + "exec weftd --hostname " + host + " --swarm-default-addr-pool " + SWARM_POOL
        + " --default-address-pool " + LOCAL_POOL + " " + daemonFlags
        + " >>/var/log/weftd.log 2>&1\n";
  }

  /** Starts weftd on the host (in the background; its log is /var/log/weftd.log there). */
  public void startDaemon(String host) {
    String exec = docker.execCreateCmd(host(host).containerId()).withCmd(START_SCRIPT).exec().getId();
    docker.execStartCmd(exec).withDetach(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>());
  }

  /** Waits until the host's weftd answers on its socket. */
  public void awaitDaemon(String host, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (DaemonClient client = host(host).client()) {
        client.swarm().info(Empty.getDefaultInstance());
        return;
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException("weftd on " + host + " did not answer within " + timeout + ": " + last
        + "\n" + daemonLog(host));
  }

  /** SIGKILL to the host's weftd. */
  public void killDaemon(String host) {
    ExecResult result = exec(host, KILL_SCRIPT);
    if (result.getExitCode() != 0) {
      throw new IllegalStateException("no weftd to kill on " + host + ": " + result.getStderr());
    }
    Path socket = host(host).runDir().resolve("weft.sock");
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes the host off the lab network (its only link), as a cable pulled out. */
  public void disconnect(String host) {
    docker.disconnectFromNetworkCmd().withNetworkId(name).withContainerId(host(host).containerId())
        .withForce(true).exec();
  }

  /** Puts the host back on the lab network with the same address. */
  public void reconnect(String host) {
    docker.connectToNetworkCmd().withNetworkId(name).withContainerId(host(host).containerId())
        .withContainerNetwork(new ContainerNetwork()
            .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address(host)))).exec();
  }

  /** Runs a command on the host (no shell). */
  public ExecResult exec(String host, String... command) {
    try {
      return host(host).container().execInContainer(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs {@code weft ARGS…} on the host, as a user would. */
  public ExecResult weft(String host, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "weft";
    System.arraycopy(args, 0, command, 1, args.length);
    return exec(host, command);
  }

  public String daemonLog(String host) {
    try {
      // ScaleCube's transport and membership lines drown the rest while a peer is unreachable.
      return "--- weftd log of " + host + " (last 150 lines, gossip transport noise left out) ---\n"
          + exec(host, "sh", "-c", "grep -v 'Transport:\\|MembershipProtocol:\\|^\\s' /var/log/weftd.log | tail -n 150")
          .getStdout();
    } catch (RuntimeException e) {
      return "--- no log from " + host + ": " + e.getMessage();
    }
  }

  /** Every host's daemon log tail, for a failing test's report. */
  public String dump() {
    StringBuilder out = new StringBuilder();
    hosts.keySet().forEach(h -> out.append(daemonLog(h)).append('\n'));
    return out.toString();
  }

  /** Leaves the hosts running after this JVM exits (for deploy/lab.sh). */
  public void detach() {
    hosts.clear();
  }

  @Override
  public void close() {
    List<RuntimeException> errors = new ArrayList<>();
    for (LabHost host : hosts.values()) {
      try {
        host.container().stop();
      } catch (RuntimeException e) {
        errors.add(e);
      }
      deleteTree(host.runDir());
    }
    hosts.clear();
    try {
      removeLeftovers();
    } catch (RuntimeException e) {
      errors.add(e);
    }
    if (!errors.isEmpty()) {
      log.warn("cleaning up lab {}: {}", name, errors);
    }
  }

  /** Keeps a fault in place for a set time (a partition of 30 s), in the thread that caused it. */
  public static void hold(Duration duration) {
    sleep(duration);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
