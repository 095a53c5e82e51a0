package dev.weft.localapi;

import com.google.protobuf.ByteString;
import dev.weft.proto.LocalCall;
import dev.weft.proto.LocalReply;
import dev.weft.proto.LocalStatus;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves gRPC services on a unix socket in the local protocol (see the package documentation):
 * each connection's call goes to the services through gRPC's in-process transport, so deadlines,
 * cancellation and status codes behave as on any gRPC server.
 */
public final class LocalServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalServer.class);
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final Path socket;
  private final ServerSocketChannel listener;
  private final Server services;
  private final ManagedChannel inProcess;
  private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "weft-local-api");
    t.setDaemon(true);
    return t;
  });
  private final Thread acceptor;

  /**
   * Listens on {@code socket} (replacing a stale socket file; readable and writable by its owner
   * and group only) and serves {@code definitions}, then whatever {@code fallback} knows.
   */
  public LocalServer(Path socket, List<ServerServiceDefinition> definitions, HandlerRegistry fallback)
      throws IOException {
    this.socket = socket;
    String name = "weft-local:" + socket.toAbsolutePath();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    definitions.forEach(builder::addService);
    this.services = builder.fallbackHandlerRegistry(fallback).build().start();
    // Replies are written on gRPC's executor, not on the thread of the service that sends them: a
    // client that stops reading blocks a socket write, never a service (which may hold a lock).
    this.inProcess = InProcessChannelBuilder.forName(name).build();
    this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
      listener.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException | RuntimeException e) { // nothing half-started stays behind
      listener.close();
      inProcess.shutdownNow();
      services.shutdownNow();
      throw e;
    }
    this.acceptor = new Thread(this::accept, "weft-local-api-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
    while (listener.isOpen()) {
      try {
        SocketChannel connection = listener.accept();
        connections.execute(() -> serve(connection));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        if (listener.isOpen()) {
          log.warn("local API: accept failed on {}: {}", socket, e.toString());
        }
      }
    }
  }

  /** One connection: its call, relayed until the call ends or the client goes away. */
  private void serve(SocketChannel connection) {
    try (connection) {
      LocalCall call;
      try {
        call = Frames.read(connection, LocalCall.parser(), Frames.MAX_CALL_BYTES);
      } catch (IOException e) {
        reply(connection, Status.INVALID_ARGUMENT.withDescription("unreadable call: " + e.getMessage()));
        return;
      }
      if (call == null) {
        return; // connected and left
      }
      if (MethodDescriptor.extractFullServiceName(call.getMethod()) == null) {
        reply(connection, Status.UNIMPLEMENTED.withDescription("no method named '" + call.getMethod() + "'"));
        return;
      }
      MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(BYTES, BYTES)
          .setType(MethodDescriptor.MethodType.UNKNOWN).setFullMethodName(call.getMethod()).build();
      CallOptions options = call.getTimeoutMs() > 0
          ? CallOptions.DEFAULT.withDeadlineAfter(call.getTimeoutMs(), TimeUnit.MILLISECONDS) : CallOptions.DEFAULT;
      ClientCall<byte[], byte[]> relayed = inProcess.newCall(method, options);
      relayed.start(new Replies(connection, relayed), new Metadata());
      relayed.request(1);
      relayed.sendMessage(call.getRequest().toByteArray());
      relayed.halfClose();
      awaitClientEnd(connection, relayed);
    } catch (IOException e) {
      log.debug("local API connection: {}", e.toString());
    }
  }

  /**
   * Blocks until the connection closes: at the call's end (the replies close it) or when the client
   * leaves first, which cancels the call.
   */
  private static void awaitClientEnd(SocketChannel connection, ClientCall<byte[], byte[]> call) {
    try {
      int read = connection.read(ByteBuffer.allocate(1));
      call.cancel(read < 0 ? "the client closed the connection" : "the client sent more than one call", null);
    } catch (IOException e) {
      call.cancel("the connection failed: " + e.getMessage(), null); // a no-op once the call has ended
    }
  }

  private static void reply(SocketChannel connection, Status status) {
    try {
      Frames.write(connection, statusFrame(status));
    } catch (IOException e) {
      log.debug("local API: could not answer {}: {}", status.getCode(), e.toString());
    }
  }

  private static LocalReply statusFrame(Status status) {
    return LocalReply.newBuilder().setStatus(LocalStatus.newBuilder().setCode(status.getCode().value())
        .setDescription(status.getDescription() == null ? "" : status.getDescription())).build();
  }

  /** Writes the call's messages and status to the connection; gRPC runs these one at a time, in order. */
  private static final class Replies extends ClientCall.Listener<byte[]> {
    private final SocketChannel connection;
    private final ClientCall<byte[], byte[]> call;

    Replies(SocketChannel connection, ClientCall<byte[], byte[]> call) {
      this.connection = connection;
      this.call = call;
    }

    @Override
    public void onMessage(byte[] message) {
      try {
        Frames.write(connection, LocalReply.newBuilder().setMessage(ByteString.copyFrom(message)).build());
        call.request(1); // the next one only once this one is on its way: a slow reader slows the stream
      } catch (IOException e) {
        call.cancel("the client is gone", e);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      reply(connection, status);
      try {
        connection.close(); // ends awaitClientEnd
      } catch (IOException ignored) {
        // closed anyway
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("local API: closing {}: {}", socket, e.toString());
    }
    connections.shutdownNow(); // interrupting a blocked read closes its connection
    inProcess.shutdownNow();
    services.shutdownNow();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(2));
      services.awaitTermination(2, TimeUnit.SECONDS);
      Files.deleteIfExists(socket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("local API: removing {}: {}", socket, e.toString());
    }
  }
}
