package dev.weft.gossip.transport;

import io.netty.channel.ChannelOption;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.scalecube.cluster.transport.api.Message;
import io.scalecube.cluster.transport.api.Transport;
import io.scalecube.transport.netty.Sender;
import io.scalecube.transport.netty.TransportImpl.SenderContext;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * ScaleCube's TCP sender with the JDK's resolver instead of Reactor Netty's DNS client, which
 * would open UDP sockets on 0.0.0.0 (DEPS.md fix 5). Same options and framing as the stock sender.
 */
final class ResolvingTcpSender implements Sender {
  private final int connectTimeoutMillis;
  private final int maxFrameBytes;

  ResolvingTcpSender(int connectTimeoutMillis, int maxFrameBytes) {
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public Mono<Connection> connect(String address) {
    return Mono.deferContextual(context -> Mono.just(context.get(SenderContext.class)))
        .flatMap(context -> TcpClient.newConnection()
            .runOn(context.loopResources())
            .resolver(DefaultAddressResolverGroup.INSTANCE)
            .host(Transport.parseHost(address))
            .port(Transport.parsePort(address))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .doOnChannelInit(new LengthFieldFraming(maxFrameBytes))
            .connect());
  }

  @Override
  public Mono<Void> send(Message message) {
    return Mono.deferContextual(context -> {
      Connection connection = context.get(Connection.class);
      SenderContext senderContext = context.get(SenderContext.class);
      return connection.outbound()
          .sendObject(Mono.just(message).map(senderContext.messageEncoder()), frame -> true)
          .then();
    });
  }
}
