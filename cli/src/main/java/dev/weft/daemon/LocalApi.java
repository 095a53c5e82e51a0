package dev.weft.daemon;

import dev.weft.proto.Empty;
import dev.weft.proto.InfoResponse;
import dev.weft.proto.InitRequest;
import dev.weft.proto.InitResponse;
import dev.weft.proto.JoinRequest;
import dev.weft.proto.JoinResponse;
import dev.weft.proto.LeaveRequest;
import dev.weft.proto.LocalSwarmGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The unix-socket API for the CLI: swarm membership here, the control API through the gate. */
final class LocalApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalApi.class);

  private final Server server;
  private final EpollEventLoopGroup group = new EpollEventLoopGroup(2);

  /** @param local local networks and containers; null serves the swarm API only (in-process tests) */
  LocalApi(Path socket, SwarmController controller, ControlGate gate, dev.weft.agent.network.LocalNetworking local,
      java.util.concurrent.ScheduledExecutorService scheduler) throws IOException {
    Files.createDirectories(socket.getParent());
    Files.deleteIfExists(socket);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()));
    if (local != null) {
      builder.addService(new LocalNetworkApi(local)).addService(new LocalContainerApi(local, scheduler));
    }
    server = builder
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group)
        .addService(new Service(controller))
        .fallbackHandlerRegistry(gate)
        .build()
        .start();
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    log.info("API listening on unix://{}", socket);
  }

  private static final class Service extends LocalSwarmGrpc.LocalSwarmImplBase {
    private final SwarmController controller;

    Service(SwarmController controller) {
      this.controller = controller;
    }

    @Override
    public void init(InitRequest request, StreamObserver<InitResponse> out) {
      Answers.answer(out, () -> controller.init(request));
    }

    @Override
    public void join(JoinRequest request, StreamObserver<JoinResponse> out) {
      Answers.answer(out, () -> controller.join(request));
    }

    @Override
    public void leave(LeaveRequest request, StreamObserver<Empty> out) {
      Answers.answer(out, () -> {
        controller.leave(request.getForce());
        return Empty.getDefaultInstance();
      });
    }

    @Override
    public void info(Empty request, StreamObserver<InfoResponse> out) {
      Answers.answer(out, controller::info);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
