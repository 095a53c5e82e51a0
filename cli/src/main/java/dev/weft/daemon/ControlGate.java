package dev.weft.daemon;

import dev.weft.manager.api.ControlService;
import dev.weft.proto.ControlGrpc;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * Serves the control API on the local socket while this node is a manager, and otherwise answers
 * every control call with Docker's "not a swarm manager" error naming what to do.
 */
final class ControlGate extends HandlerRegistry {
  static final String NOT_IN_SWARM = "This node is not a swarm manager. Use \"weft swarm init\" or "
      + "\"weft swarm join\" to connect this node to swarm and try again.";
  static final String WORKER = "This node is not a swarm manager. Worker nodes can't be used to view or "
      + "modify cluster state. Please run this command on a manager node or promote the current node to a manager.";

  private volatile ServerServiceDefinition control;
  private volatile boolean inSwarm;

  void manager(ControlService service) {
    control = service.bindService();
    inSwarm = true;
  }

  void worker() {
    control = null;
    inSwarm = true;
  }

  void outOfSwarm() {
    control = null;
    inSwarm = false;
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    ServerServiceDefinition current = control;
    if (current != null) {
      return current.getMethod(methodName);
    }
    for (ServerMethodDefinition<?, ?> m : ControlGrpc.bindService(new ControlGrpc.ControlImplBase() { }).getMethods()) {
      if (m.getMethodDescriptor().getFullMethodName().equals(methodName)) {
        return refuse(m.getMethodDescriptor(), inSwarm ? WORKER : NOT_IN_SWARM);
      }
    }
    return null;
  }

  private static <Q, R> ServerMethodDefinition<Q, R> refuse(MethodDescriptor<Q, R> method, String message) {
    ServerCallHandler<Q, R> handler = (ServerCall<Q, R> call, Metadata headers) -> {
      call.close(Status.FAILED_PRECONDITION.withDescription(message), new Metadata());
      return new ServerCall.Listener<>() { };
    };
    return ServerMethodDefinition.create(method, handler);
  }
}
