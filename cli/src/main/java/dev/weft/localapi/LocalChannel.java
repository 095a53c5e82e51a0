package dev.weft.localapi;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import java.nio.file.Path;

/**
 * A gRPC channel to a daemon's unix socket, one connection per call (see the package
 * documentation): generated stubs work on it as on any channel. Nothing to close: a call's
 * connection closes when the call ends.
 */
public final class LocalChannel extends Channel {
  private final Path socket;

  public LocalChannel(Path socket) {
    this.socket = socket;
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    MethodDescriptor.MethodType type = method.getType();
    if (type != MethodDescriptor.MethodType.UNARY && type != MethodDescriptor.MethodType.SERVER_STREAMING) {
      throw new UnsupportedOperationException(method.getFullMethodName()
          + ": the local socket carries unary and server-streaming calls only");
    }
    return new LocalClientCall<>(socket, method, options);
  }

  @Override
  public String authority() {
    return "localhost";
  }
}
