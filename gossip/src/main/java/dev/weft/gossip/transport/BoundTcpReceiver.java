package dev.weft.gossip.transport;

import io.netty.channel.ChannelOption;
import io.scalecube.transport.netty.Receiver;
import io.scalecube.transport.netty.TransportImpl.ReceiverContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * ScaleCube's TCP receiver, but listening on one chosen address instead of 0.0.0.0 (DEPS.md fix 4).
 * Each frame goes to ScaleCube's receiver context, which decodes it with the configured codec and
 * drops it with a log line if that fails.
 */
final class BoundTcpReceiver implements Receiver {
  private final String bindHost;
  private final int port;
  private final int maxFrameBytes;

  BoundTcpReceiver(String bindHost, int port, int maxFrameBytes) {
    this.bindHost = bindHost;
    this.port = port;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public Mono<DisposableServer> bind() {
    return Mono.deferContextual(context -> Mono.just(context.get(ReceiverContext.class)))
        .flatMap(context -> TcpServer.create()
            .runOn(context.loopResources())
            .host(bindHost)
            .port(port)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .doOnChannelInit(new LengthFieldFraming(maxFrameBytes))
            .handle((in, out) -> in.receive().retain().doOnNext(context::onMessage).then())
            .bind()
            .cast(DisposableServer.class));
  }
}
