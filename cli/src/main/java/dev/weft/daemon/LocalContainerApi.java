package dev.weft.daemon;

import dev.weft.agent.container.ContainerService;
import dev.weft.agent.kernel.KernelException;
import dev.weft.agent.network.LocalNetworking;
import dev.weft.proto.Container;
import dev.weft.proto.ContainerListRequest;
import dev.weft.proto.ContainerListResponse;
import dev.weft.proto.ContainerRef;
import dev.weft.proto.ContainerRefs;
import dev.weft.proto.ContainerSpec;
import dev.weft.proto.ExecTarget;
import dev.weft.proto.LocalContainersGrpc;
import dev.weft.proto.LogChunk;
import dev.weft.proto.RefsResponse;
import dev.weft.proto.RunResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** {@code weft run/ps/stop/start/rm/logs/exec/inspect} on the local socket. */
final class LocalContainerApi extends LocalContainersGrpc.LocalContainersImplBase {
  private final LocalNetworking local;
  private final ScheduledExecutorService scheduler;

  LocalContainerApi(LocalNetworking local, ScheduledExecutorService scheduler) {
    this.local = local;
    this.scheduler = scheduler;
  }

  private ContainerService containers() {
    return local.containers();
  }

  @Override
  public void run(ContainerSpec request, StreamObserver<RunResponse> out) {
    Answers.answer(out, () -> {
      if (!request.getTaskId().isEmpty()) {
        throw new IllegalArgumentException("task_id is set by the daemon for swarm tasks only; "
            + "use 'weft service create' for a service");
      }
      ContainerService.Run run = containers().run(request);
      return RunResponse.newBuilder().setContainer(run.container()).addAllWarnings(run.warnings()).build();
    });
  }

  @Override
  public void list(ContainerListRequest request, StreamObserver<ContainerListResponse> out) {
    Answers.answer(out, () -> ContainerListResponse.newBuilder()
        .addAllContainers(containers().list(request.getAll())).build());
  }

  @Override
  public void inspect(ContainerRef request, StreamObserver<Container> out) {
    Answers.answer(out, () -> containers().inspect(request.getRef()));
  }

  @Override
  public void stop(ContainerRefs request, StreamObserver<RefsResponse> out) {
    Answers.answer(out, () -> each(request, containers()::stop));
  }

  @Override
  public void start(ContainerRefs request, StreamObserver<RefsResponse> out) {
    Answers.answer(out, () -> each(request, ref -> containers().start(ref)));
  }

  @Override
  public void remove(ContainerRefs request, StreamObserver<RefsResponse> out) {
    Answers.answer(out, () -> each(request, ref -> containers().remove(ref, request.getForce())));
  }

  private static RefsResponse each(ContainerRefs request, Consumer<String> action) {
    RefsResponse.Builder response = RefsResponse.newBuilder();
    for (String ref : request.getRefsList()) {
      try {
        action.accept(ref);
        response.addDone(ref);
      } catch (IllegalArgumentException | KernelException e) {
        response.addErrors(e.getMessage());
      }
    }
    return response.build();
  }

  @Override
  public void exec(ContainerRef request, StreamObserver<ExecTarget> out) {
    Answers.answer(out, () -> {
      Container c = containers().inspect(request.getRef());
      if (!c.getState().equals("running")) {
        throw new IllegalArgumentException("Container " + c.getId().substring(0, 12) + " is not running");
      }
      return ExecTarget.newBuilder().setNetns(c.getNetns()).setPid(c.getPid()).setNetworkMode(c.getNetworkMode()).build();
    });
  }

  /** Streams the log file ({@link LogStream}); with follow, until the container has stopped. */
  @Override
  public void logs(ContainerRef request, StreamObserver<LogChunk> out) {
    Container c;
    try {
      c = containers().byId(request.getRef()).orElseGet(() -> containers().inspect(request.getRef()));
    } catch (IllegalArgumentException e) {
      out.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    Path file = containers().logFile(c.getId());
    try {
      InputStream in = Files.exists(file) ? Files.newInputStream(file) : InputStream.nullInputStream();
      new LogStream(containers(), c.getId(), in, request.getFollow(), (ServerCallStreamObserver<LogChunk>) out,
          scheduler).start();
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription("cannot read the log: " + e.getMessage()).asRuntimeException());
    }
  }

}
