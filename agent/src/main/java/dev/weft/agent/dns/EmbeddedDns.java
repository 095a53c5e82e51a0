package dev.weft.agent.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server: one UDP listener on port 53 of each user-defined bridge's gateway address.
 * Container names are answered from the current {@link NameTable}; other names are forwarded to
 * the upstream resolvers on a worker thread, one at a time in order, each with
 * {@link #UPSTREAM_TIMEOUT}; when none answers, SERVFAIL.
 */
public final class EmbeddedDns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDns.class);
  /** How long one upstream resolver may take before the next is tried (or SERVFAIL sent). */
  public static final Duration UPSTREAM_TIMEOUT = Duration.ofMillis(1000);
  /**
   * An upstream that did not answer is skipped for this long, so that while it is down every
   * further lookup gets SERVFAIL at once instead of waiting out the timeout again.
   */
  public static final Duration UPSTREAM_BACKOFF = Duration.ofSeconds(10);
  /** TTL of answers for container names (Docker's: 600 s). */
  static final long TTL_SECONDS = 600;

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, Channel> listeners = new HashMap<>();
  private final ExecutorService forwarders;
  private volatile NameTable names = NameTable.EMPTY;
  private final List<InetSocketAddress> upstreams;
  private final Map<InetSocketAddress, java.time.Instant> silentSince = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.time.InstantSource clock;

  public EmbeddedDns(List<InetSocketAddress> upstreams, ExecutorService forwarders, java.time.InstantSource clock) {
    this.upstreams = List.copyOf(upstreams);
    this.forwarders = forwarders;
    this.clock = clock;
  }

  public void names(NameTable table) {
    names = table;
  }

  /** Listens on exactly these addresses (port 53): opens new listeners, closes old ones. */
  public synchronized void listenOn(Set<String> addresses) {
    for (String gone : new ArrayList<>(listeners.keySet())) {
      if (!addresses.contains(gone)) {
        listeners.remove(gone).close();
      }
    }
    for (String address : addresses) {
      if (listeners.containsKey(address)) {
        continue;
      }
      try {
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
            .handler(new ChannelInitializer<DatagramChannel>() {
              @Override
              protected void initChannel(DatagramChannel ch) {
                ch.pipeline().addLast(new ResponseEncoder(), new Handler());
              }
            })
            .bind(new InetSocketAddress(InetAddress.getByName(address), 53)).sync().channel();
        listeners.put(address, channel);
        log.info("embedded DNS listening on {}:53", address);
      } catch (Exception e) {
        log.warn("embedded DNS cannot listen on {}:53: {}", address, e.toString());
      }
    }
  }

  /**
   * Encodes the answers built here and lets relayed upstream answers (already raw packets, which
   * are address envelopes too) pass untouched.
   */
  private static final class ResponseEncoder extends DatagramDnsResponseEncoder {
    @Override
    public boolean acceptOutboundMessage(Object msg) {
      return msg instanceof DatagramDnsResponse;
    }
  }

  /** Exposes the codec's decoding of one packet. */
  private static final class QueryDecoder extends DatagramDnsQueryDecoder {
    DatagramDnsQuery decode(ChannelHandlerContext ctx, DatagramPacket packet) throws Exception {
      List<Object> out = new ArrayList<>(1);
      super.decode(ctx, packet, out);
      return (DatagramDnsQuery) out.get(0);
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final QueryDecoder decoder = new QueryDecoder();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) throws Exception {
      byte[] raw = new byte[packet.content().readableBytes()];
      packet.content().getBytes(packet.content().readerIndex(), raw);
      DatagramDnsQuery query = decoder.decode(ctx, packet.retain());
      try {
        String source = packet.sender().getAddress().getHostAddress();
        NameTable table = names;
        if (!table.knows(source) || query.count(DnsSection.QUESTION) != 1) {
          reply(ctx, query, DnsResponseCode.REFUSED, null, Set.of());
          return;
        }
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        Set<String> addresses = table.resolve(source, question.name());
        if (!addresses.isEmpty()) {
          reply(ctx, query, DnsResponseCode.NOERROR, question, addresses.stream()
              .filter(a -> question.type() == DnsRecordType.A ? !a.contains(":")
                  : question.type() == DnsRecordType.AAAA && a.contains(":"))
              .collect(java.util.stream.Collectors.toSet()));
          return;
        }
        InetSocketAddress sender = packet.sender();
        InetSocketAddress recipient = packet.recipient();
        forwarders.execute(() -> forward(ctx.channel(), raw, sender, recipient, query.id()));
      } finally {
        query.release();
      }
    }
  }

  private static void reply(ChannelHandlerContext ctx, DatagramDnsQuery query, DnsResponseCode code,
      DnsQuestion question, Set<String> addresses) throws IOException {
    DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(),
        DnsOpCode.QUERY, code);
    response.setRecursionAvailable(true).setAuthoritativeAnswer(true);
    if (question != null) {
      response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
      for (String address : addresses) {
        ByteBuf data = Unpooled.wrappedBuffer(InetAddress.getByName(address).getAddress());
        response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(),
            address.contains(":") ? DnsRecordType.AAAA : DnsRecordType.A, TTL_SECONDS, data));
      }
    }
    ctx.writeAndFlush(response).addListener(f -> {
      if (!f.isSuccess()) {
        log.warn("cannot answer a DNS query: {}", f.cause().toString());
      }
    });
  }

  private void forward(Channel channel, byte[] query, InetSocketAddress sender, InetSocketAddress recipient, int id) {
    for (InetSocketAddress upstream : upstreams) {
      java.time.Instant silent = silentSince.get(upstream);
      if (silent != null && silent.plus(UPSTREAM_BACKOFF).isAfter(clock.instant())) {
        continue;
      }
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.setSoTimeout((int) UPSTREAM_TIMEOUT.toMillis());
        socket.send(new java.net.DatagramPacket(query, query.length, upstream));
        byte[] buffer = new byte[4096];
        java.net.DatagramPacket answer = new java.net.DatagramPacket(buffer, buffer.length);
        socket.receive(answer);
        channel.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(buffer, 0, answer.getLength()), sender, recipient));
        silentSince.remove(upstream);
        return;
      } catch (java.net.PortUnreachableException | java.net.NoRouteToHostException e) {
        log.debug("upstream {}: {}", upstream, e.toString());
      } catch (SocketTimeoutException e) {
        silentSince.put(upstream, clock.instant());
        log.info("upstream resolver {} did not answer in {} ms: skipping it for {} s", upstream,
            UPSTREAM_TIMEOUT.toMillis(), UPSTREAM_BACKOFF.toSeconds());
      } catch (IOException e) {
        log.debug("upstream {}: {}", upstream, e.toString());
      }
    }
    channel.writeAndFlush(new DatagramPacket(servfail(query, id), sender, recipient));
  }

  /** A SERVFAIL answer to a raw query: same id and question, QR set, RCODE 2. */
  static ByteBuf servfail(byte[] query, int id) {
    byte[] copy = query.clone();
    copy[2] = (byte) ((copy[2] & 0x79) | 0x80); // QR=1, keep opcode and RD
    copy[3] = (byte) 0x82;                      // RA=1, RCODE=SERVFAIL
    // no answer, authority or additional records
    copy[6] = 0;
    copy[7] = 0;
    copy[8] = 0;
    copy[9] = 0;
    copy[10] = 0;
    copy[11] = 0;
    return Unpooled.wrappedBuffer(copy, 0, questionEnd(copy));
  }

  private static int questionEnd(byte[] message) {
    int at = 12;
    while (at < message.length && message[at] != 0) {
      at += (message[at] & 0xff) + 1;
    }
    return Math.min(message.length, at + 5);
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(Channel::close);
    listeners.clear();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }
}
