package dev.weft.daemon;

import dev.weft.cli.DaemonClient;
import dev.weft.manager.liveness.LivenessSettings;
import dev.weft.manager.raft.RaftSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One weftd in this JVM: the same controller, data root and unix-socket API as the real daemon,
 * on its own loopback address (127.0.0.N) and data directory. {@link #stop()} and a new
 * {@code TestNode} on the same directory model a daemon restart.
 */
final class TestNode implements AutoCloseable {
  final String name;
  final String address;
  final int port;
  final Path root;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService roleChanges = Executors.newSingleThreadExecutor();
  final DataRoot data;
  final SwarmController controller;
  private final LocalApi api;

  TestNode(String name, String address, int port, Path root) throws IOException {
    this(name, address, port, root, RaftSettings.LAN);
  }

  static {
    // A Raft server that cannot start would otherwise call System.exit and take the test JVM with it.
    org.apache.ratis.util.ExitUtils.disableSystemExit();
  }

  TestNode(String name, String address, int port, Path root, RaftSettings raft) throws IOException {
    this.name = name;
    this.address = address;
    this.port = port;
    this.root = root;
    DaemonSettings settings = new DaemonSettings(root.resolve("data"), root.resolve("run"),
        root.resolve("run/weft.sock"), name, "198.18.128.0/17", raft,
        new LivenessSettings(Duration.ofMillis(500), 3), "info");
    data = new DataRoot(settings.dataRoot());
    data.create();
    ControlGate gate = new ControlGate();
    controller = new SwarmController(settings, data, gate, InstantSource.system(), new SecureRandom(),
        scheduler, roleChanges);
    controller.resume();
    api = new LocalApi(settings.socket(), controller, gate, null, scheduler);
  }

  DaemonClient client() {
    return new DaemonClient("unix://" + root.resolve("run/weft.sock"));
  }

  String listen() {
    return address + ":" + port;
  }

  /**
   * A port P on the address such that P and P+1 (Raft) are free, chosen below the kernel's
   * ephemeral range (32768+): a port from there can be taken as the source port of an outgoing
   * connection between the check and the bind.
   */
  static int freePortPair(String address) throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      if (free(address, port) && free(address, port + 1)) {
        return port;
      }
    }
    throw new IOException("no free port pair on " + address);
  }

  private static boolean free(String address, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  void stop() {
    api.close();
    controller.close();
    scheduler.shutdownNow();
    roleChanges.shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }
}
