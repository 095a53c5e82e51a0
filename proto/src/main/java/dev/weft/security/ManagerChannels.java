package dev.weft.security;

import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** Channels to a manager's control/dispatcher endpoint (port 2377 by default). */
public final class ManagerChannels {
  /** Default port of the manager endpoint, as Docker Swarm's. */
  public static final int DEFAULT_PORT = 2377;

  private ManagerChannels() {}

  /**
   * Opens a channel to {@code hostPort}; the manager's certificate is checked against
   * {@link NodeIdentity#MANAGER_SERVER_NAME}, not the address.
   */
  public static ManagedChannel open(String hostPort, ChannelCredentials credentials) {
    HostPort target = HostPort.parse(hostPort, DEFAULT_PORT);
    return Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials)
        .overrideAuthority(NodeIdentity.MANAGER_SERVER_NAME)
        .keepAliveTime(10, TimeUnit.SECONDS)
        .keepAliveTimeout(3, TimeUnit.SECONDS)
        .build();
  }

  /**
   * Returns {@code channel}, told to try connecting again at once if its last attempt failed:
   * gRPC's reconnect backoff grows to minutes, and every call fails fast meanwhile, so after a
   * partition a node would stay cut off for seconds after its link returned. Callers retry on their
   * own schedule and call this before each attempt.
   */
  public static ManagedChannel retryingNow(ManagedChannel channel) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    return channel;
  }

  public static void close(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
