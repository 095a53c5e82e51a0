package dev.weft.gossip.transport;

import io.scalecube.cluster.transport.api.Transport;
import io.scalecube.cluster.transport.api.TransportConfig;
import io.scalecube.cluster.transport.api.TransportFactory;
import io.scalecube.transport.netty.TransportImpl;

/**
 * Makes ScaleCube's own transport ({@link TransportImpl}: connection cache, request/response,
 * stop) with a receiver bound to {@code bindHost} and a sender that resolves names through the JDK.
 * The port, codec, frame limit and connect timeout come from ScaleCube's {@link TransportConfig}.
 */
public final class BoundTcpTransportFactory implements TransportFactory {
  private final String bindHost;

  /**
   * @param bindHost the address to listen on, an IP literal or name of this host; never a
   *     wildcard in weft, which always knows its gossip address
   */
  public BoundTcpTransportFactory(String bindHost) {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost is required");
    }
    this.bindHost = bindHost;
  }

  @Override
  public Transport createTransport(TransportConfig config) {
    return new TransportImpl(
        config.messageCodec(),
        new BoundTcpReceiver(bindHost, config.port(), config.maxFrameLength()),
        new ResolvingTcpSender(config.connectTimeout(), config.maxFrameLength()),
        config.addressMapper());
  }
}
