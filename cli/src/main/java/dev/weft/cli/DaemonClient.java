package dev.weft.cli;

import dev.weft.proto.ControlGrpc;
import dev.weft.proto.LocalSwarmGrpc;
import dev.weft.localapi.LocalChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A local weftd's unix socket, spoken in the light local protocol ({@link dev.weft.localapi}): every
 * call is a connection of its own. Also used by the lab and chaos tests.
 */
public final class DaemonClient implements AutoCloseable {
  /** The socket when neither -H nor WEFT_HOST says otherwise. */
  public static final String DEFAULT_HOST = "unix:///run/weft/weft.sock";

  private final String host;
  private final LocalChannel channel;

  public DaemonClient(String host) {
    if (!host.startsWith("unix://")) {
      throw new IllegalArgumentException("invalid host '" + host + "': only unix://PATH is supported");
    }
    this.host = host;
    Path socket = Path.of(host.substring("unix://".length()));
    if (!Files.exists(socket)) {
      throw new DaemonUnreachableException(host);
    }
    channel = new LocalChannel(socket);
  }

  public static String defaultHost() {
    String env = System.getenv("WEFT_HOST");
    return env == null || env.isBlank() ? DEFAULT_HOST : env;
  }

  public String host() {
    return host;
  }

  public LocalSwarmGrpc.LocalSwarmBlockingStub swarm() {
    return LocalSwarmGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public dev.weft.proto.LocalNetworksGrpc.LocalNetworksBlockingStub networks() {
    return dev.weft.proto.LocalNetworksGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  public dev.weft.proto.LocalContainersGrpc.LocalContainersBlockingStub containers() {
    return dev.weft.proto.LocalContainersGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** For streams that last as long as a container runs (logs -f, run without -d). */
  public dev.weft.proto.LocalContainersGrpc.LocalContainersBlockingStub containersNoDeadline() {
    return dev.weft.proto.LocalContainersGrpc.newBlockingStub(channel);
  }

  public ControlGrpc.ControlBlockingStub control() {
    return ControlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** For streams that last as long as the user wants (service logs -f). */
  public ControlGrpc.ControlBlockingStub controlNoDeadline() {
    return ControlGrpc.newBlockingStub(channel);
  }

  /** Nothing to release: each call's connection ends with the call. */
  @Override
  public void close() {}

  /** No daemon listens at the socket. */
  public static final class DaemonUnreachableException extends RuntimeException {
    public DaemonUnreachableException(String host) {
      super("Cannot connect to the weft daemon at " + host + ". Is weftd running?");
    }
  }
}
