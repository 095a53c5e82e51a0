package dev.weft.daemon;

import dev.weft.agent.overlay.SwarmAttachments;
import dev.weft.proto.AttachRequest;
import dev.weft.proto.AttachResponse;
import dev.weft.proto.DetachRequest;
import dev.weft.proto.DispatcherGrpc;
import dev.weft.proto.TaskStatus;
import dev.weft.proto.TaskStatusReport;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments and task reports through the managers' dispatcher: any manager takes them (the write
 * goes through Raft), so an unreachable one is skipped for the next. Refusals come back to the user as they
 * are; a detach that reaches no manager is retried in the background until one takes it.
 */
final class ManagerAttachments implements SwarmAttachments {
  private static final Logger log = LoggerFactory.getLogger(ManagerAttachments.class);
  /** How long one manager may take to answer. */
  static final long DEADLINE_MILLIS = 5000;
  static final long DETACH_RETRY_MILLIS = 2000;
  private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
      Status.Code.FAILED_PRECONDITION, Status.Code.ALREADY_EXISTS, Status.Code.PERMISSION_DENIED);

  private final Supplier<List<String>> managers;
  private final Function<String, ManagedChannel> channels;
  private final ScheduledExecutorService scheduler;

  ManagerAttachments(Supplier<List<String>> managers, Function<String, ManagedChannel> channels,
      ScheduledExecutorService scheduler) {
    this.managers = managers;
    this.channels = channels;
    this.scheduler = scheduler;
  }

  @Override
  public AttachResponse attach(String networkRef, String endpointId, String ipv4, String containerName) {
    AttachRequest request = AttachRequest.newBuilder().setNetwork(networkRef).setEndpointId(endpointId)
        .setIpv4(ipv4).setContainerName(containerName).build();
    return onAnyManager(stub -> stub.attach(request), "attaching to network " + networkRef);
  }

  @Override
  public void detach(String endpointId) {
    try {
      onAnyManager(stub -> stub.detach(DetachRequest.newBuilder().setEndpointId(endpointId).build()), "detaching");
    } catch (RuntimeException e) {
      log.warn("endpoint {} not detached yet ({}); retrying in {} ms", endpointId, e.getMessage(), DETACH_RETRY_MILLIS);
      scheduler.schedule(() -> detach(endpointId), DETACH_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Reports a task's status to any manager; false if none took it (the next pass reports again). */
  boolean report(String taskId, TaskStatus status) {
    try {
      onAnyManager(stub -> stub.reportTaskStatus(TaskStatusReport.newBuilder().setTaskId(taskId).setStatus(status)
          .build()), "reporting task " + taskId);
      return true;
    } catch (RuntimeException e) {
      log.info("task {}: status {} not reported yet: {}", taskId, status.getState(), e.getMessage());
      return false;
    }
  }

  private <T> T onAnyManager(Function<DispatcherGrpc.DispatcherBlockingStub, T> call, String what) {
    List<String> known = managers.get();
    StatusRuntimeException last = null;
    for (String addr : known) {
      try {
        return call.apply(DispatcherGrpc.newBlockingStub(channels.apply(addr))
            .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
      } catch (StatusRuntimeException e) {
        if (REFUSALS.contains(e.getStatus().getCode())) {
          throw new IllegalArgumentException(e.getStatus().getDescription());
        }
        last = e;
      }
    }
    throw new IllegalStateException(what + ": no manager answered (" + known + ")"
        + (last == null ? "" : ": " + last.getStatus().getCode() + " " + last.getStatus().getDescription()));
  }
}
