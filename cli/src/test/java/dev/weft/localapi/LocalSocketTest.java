package dev.weft.localapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.weft.proto.ContainerRef;
import dev.weft.proto.Empty;
import dev.weft.proto.InfoResponse;
import dev.weft.proto.LocalContainersGrpc;
import dev.weft.proto.LocalReply;
import dev.weft.proto.LocalSwarmGrpc;
import dev.weft.proto.LogChunk;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local socket end to end: a real {@link LocalServer} on a unix socket and the client channel. */
class LocalSocketTest {
  @TempDir Path dir;
  private Path socket;
  private LocalServer server;
  private final CountDownLatch streamCancelled = new CountDownLatch(1);
  private final CountDownLatch streamSent = new CountDownLatch(1);

  /** info answers with the hostname, or fails as INVALID_ARGUMENT for "bad", or hangs for "slow". */
  private final LocalSwarmGrpc.LocalSwarmImplBase swarm = new LocalSwarmGrpc.LocalSwarmImplBase() {
    @Override
    public void info(Empty request, StreamObserver<InfoResponse> out) {
      out.onNext(InfoResponse.newBuilder().setHostname("h1").build());
      out.onCompleted();
    }

    @Override
    public void leave(dev.weft.proto.LeaveRequest request, StreamObserver<Empty> out) {
      if (request.getForce()) {
        out.onError(Status.INVALID_ARGUMENT.withDescription("no, because of a test").asRuntimeException());
        return;
      }
      sleep(5_000); // longer than the caller's deadline
      out.onNext(Empty.getDefaultInstance());
      out.onCompleted();
    }
  };

  /** logs: "count" streams ref's length chunks then ends; "follow" streams until cancelled. */
  private final LocalContainersGrpc.LocalContainersImplBase containers = new LocalContainersGrpc.LocalContainersImplBase() {
    @Override
    public void logs(ContainerRef request, StreamObserver<LogChunk> out) {
      ServerCallStreamObserver<LogChunk> stream = (ServerCallStreamObserver<LogChunk>) out;
      stream.setOnCancelHandler(streamCancelled::countDown);
      for (int i = 0; request.getFollow() || i < Integer.parseInt(request.getRef()); i++) {
        if (stream.isCancelled()) {
          return;
        }
        out.onNext(LogChunk.newBuilder().setData(ByteString.copyFromUtf8("line " + i)).build());
        if (request.getFollow()) {
          sleep(5);
        }
      }
      streamSent.countDown();
      out.onCompleted();
    }
  };

  @BeforeEach
  void start() throws IOException {
    socket = dir.resolve("run/weft.sock");
    HandlerRegistry none = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        return null;
      }
    };
    server = new LocalServer(socket, List.of(swarm.bindService(), containers.bindService()), none);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void unaryCallsAnswerThroughTheSocket() {
    LocalSwarmGrpc.LocalSwarmBlockingStub stub = LocalSwarmGrpc.newBlockingStub(new LocalChannel(socket));
    assertEquals("h1", stub.info(Empty.getDefaultInstance()).getHostname());
    assertEquals("h1", stub.withDeadlineAfter(5, TimeUnit.SECONDS).info(Empty.getDefaultInstance()).getHostname());
  }

  @Test
  void errorsKeepTheirCodeAndDescription() {
    LocalSwarmGrpc.LocalSwarmBlockingStub stub = LocalSwarmGrpc.newBlockingStub(new LocalChannel(socket));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.leave(dev.weft.proto.LeaveRequest.newBuilder().setForce(true).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals("no, because of a test", e.getStatus().getDescription());
  }

  @Test
  void theDaemonEnforcesTheCallersDeadline() {
    LocalSwarmGrpc.LocalSwarmBlockingStub stub = LocalSwarmGrpc.newBlockingStub(new LocalChannel(socket))
        .withDeadlineAfter(200, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.leave(dev.weft.proto.LeaveRequest.getDefaultInstance()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    // The daemon's answer, not the client's own give-up timer (deadline + grace).
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(200 + LocalClientCall.DEADLINE_GRACE_MS),
        "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  @Test
  void streamsArriveWholeAndInOrderThroughABlockingStub() {
    Iterator<LogChunk> chunks = LocalContainersGrpc.newBlockingStub(new LocalChannel(socket))
        .logs(ContainerRef.newBuilder().setRef("500").build());
    List<String> lines = new ArrayList<>();
    chunks.forEachRemaining(c -> lines.add(c.getData().toStringUtf8()));
    assertEquals(500, lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals("line " + i, lines.get(i));
    }
  }

  @Test
  void aClientThatCancelsEndsTheStreamOnTheDaemon() throws InterruptedException {
    ClientCall<ContainerRef, LogChunk> call = new LocalChannel(socket)
        .newCall(LocalContainersGrpc.getLogsMethod(), CallOptions.DEFAULT);
    LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(LogChunk message) {
        events.add(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        events.add(status);
      }
    }, new Metadata());
    call.request(3);
    call.sendMessage(ContainerRef.newBuilder().setFollow(true).build());
    call.halfClose();
    for (int i = 0; i < 3; i++) {
      assertTrue(events.poll(5, TimeUnit.SECONDS) instanceof LogChunk, "message " + i);
    }
    call.cancel("enough", null);
    assertTrue(streamCancelled.await(5, TimeUnit.SECONDS), "the daemon's stream saw the cancel");
    Object last = events.poll(5, TimeUnit.SECONDS);
    assertTrue(last instanceof Status s && s.getCode() == Status.Code.CANCELLED, "got " + last);
    assertEquals(null, events.poll(100, TimeUnit.MILLISECONDS), "nothing after onClose");
  }

  @Test
  void aClientThatStopsReadingDoesNotHoldUpTheService() throws Exception {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      Frames.write(ch, dev.weft.proto.LocalCall.newBuilder().setMethod(LocalContainersGrpc.getLogsMethod()
          .getFullMethodName()).setRequest(ContainerRef.newBuilder().setRef("200000").build().toByteString()).build());
      // ~4 MB of replies, far more than a unix socket buffers, and this client reads none of them.
      assertTrue(streamSent.await(10, TimeUnit.SECONDS), "the service sent its whole stream without waiting for the reader");
    }
  }

  @Test
  void aCallCancelledBeforeItStartsEndsQuietly() {
    ClientCall<Empty, InfoResponse> call = new LocalChannel(socket)
        .newCall(LocalSwarmGrpc.getInfoMethod(), CallOptions.DEFAULT);
    call.cancel("changed my mind", null); // gRPC allows a cancel at any time
  }

  @Test
  void aSocketThatCannotBeMadeLeavesNothingBehind() throws IOException {
    Path blocked = dir.resolve("not-a-directory");
    Files.writeString(blocked, "");
    Path unusable = blocked.resolve("weft.sock");
    List<io.grpc.ServerServiceDefinition> services = List.of(swarm.bindService());
    HandlerRegistry none = new io.grpc.util.MutableHandlerRegistry();
    assertThrows(IOException.class, () -> new LocalServer(unusable, services, none));
    Files.delete(blocked);
    try (LocalServer again = new LocalServer(unusable, services, none)) { // its in-process name is free again
      assertEquals("h1", LocalSwarmGrpc.newBlockingStub(new LocalChannel(unusable)).info(Empty.getDefaultInstance())
          .getHostname());
    }
  }

  @Test
  void anUnknownMethodIsUnimplemented() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dev.weft.proto.ControlGrpc
        .newBlockingStub(new LocalChannel(socket)).listServices(Empty.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
  }

  @Test
  void aMalformedOrOversizedCallGetsAClearErrorAndTheServerGoesOn() throws IOException {
    assertEquals(Status.Code.INVALID_ARGUMENT.value(), rawCall(new byte[] {0, 0, 0, 3, (byte) 0xff, 1, 2}).getCode());
    ByteBuffer huge = ByteBuffer.allocate(4).putInt(Frames.MAX_CALL_BYTES + 1);
    dev.weft.proto.LocalStatus tooBig = rawCall(huge.array());
    assertEquals(Status.Code.INVALID_ARGUMENT.value(), tooBig.getCode());
    assertTrue(tooBig.getDescription().contains("limit"), tooBig.getDescription());
    assertEquals("h1", LocalSwarmGrpc.newBlockingStub(new LocalChannel(socket)).info(Empty.getDefaultInstance())
        .getHostname());
  }

  @Test
  void noDaemonMeansUnavailable() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
    Files.createFile(socket); // a stale socket file with nobody listening
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> LocalSwarmGrpc.newBlockingStub(new LocalChannel(socket)).info(Empty.getDefaultInstance()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertFalse(e.getStatus().getDescription() != null && !e.getStatus().getDescription().isEmpty(),
        "UNAVAILABLE without a description: the CLI then asks whether weftd runs");
  }

  private dev.weft.proto.LocalStatus rawCall(byte[] bytes) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ch.write(ByteBuffer.wrap(bytes));
      LocalReply reply = Frames.read(ch, LocalReply.parser(), Frames.MAX_REPLY_BYTES);
      assertTrue(reply.hasStatus(), "a status frame");
      return reply.getStatus();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
