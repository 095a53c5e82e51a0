package dev.weft.daemon;

import dev.weft.proto.Empty;
import dev.weft.proto.InfoResponse;
import dev.weft.proto.InitRequest;
import dev.weft.proto.InitResponse;
import dev.weft.proto.JoinRequest;
import dev.weft.proto.JoinResponse;
import dev.weft.proto.LeaveRequest;
import dev.weft.proto.LocalSwarmGrpc;
import dev.weft.localapi.LocalServer;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The unix-socket API for the CLI: swarm membership here, the control API through the gate. */
final class LocalApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalApi.class);

  private final LocalServer server;

  /** @param local local networks and containers; null serves the swarm API only (in-process tests) */
  LocalApi(Path socket, SwarmController controller, ControlGate gate, dev.weft.agent.network.LocalNetworking local,
      java.util.concurrent.ScheduledExecutorService scheduler) throws IOException {
    List<ServerServiceDefinition> services = new ArrayList<>();
    services.add(new Service(controller).bindService());
    if (local != null) {
      services.add(new LocalNetworkApi(local).bindService());
      services.add(new LocalContainerApi(local, scheduler).bindService());
    }
    server = new LocalServer(socket, services, gate);
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
    server.close();
  }
}
