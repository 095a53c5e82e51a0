package dev.weft.gossip.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.ChannelPipelineConfigurer;
import reactor.netty.ConnectionObserver;

/**
 * The framing of ScaleCube's TCP transport, byte for byte: every message is preceded by its length
 * as a 4-byte big-endian int. Frames longer than the limit are refused by Netty (the connection is
 * closed) before any byte of them is decoded.
 */
final class LengthFieldFraming implements ChannelPipelineConfigurer {
  private static final int LENGTH_FIELD_BYTES = 4;
  private static final Logger LOG = LoggerFactory.getLogger(LengthFieldFraming.class);

  private final int maxFrameBytes;

  LengthFieldFraming(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void onChannelInit(ConnectionObserver observer, Channel channel, SocketAddress remote) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addFirst(new ExceptionLogger());
    pipeline.addFirst(new LengthFieldBasedFrameDecoder(
        maxFrameBytes, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES));
    pipeline.addFirst(new LengthFieldPrepender(LENGTH_FIELD_BYTES));
  }

  /** Logs what fails on a connection (an oversized frame, a reset) instead of Netty's WARN. */
  @ChannelHandler.Sharable
  private static final class ExceptionLogger extends ChannelDuplexHandler {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("gossip connection {} failed: {}", ctx.channel(), cause.toString());
      ctx.close();
    }
  }
}
