/**
 * The daemon's unix socket, carrying the local API's gRPC calls without HTTP/2.
 *
 * <p>Every {@code weft} command is a new JVM, and a Netty gRPC channel made each one load ~2,800
 * classes (Netty's channel, buffer and HTTP/2 code, gRPC's transport, and logback through Netty's
 * logging) before its first byte went out: ~0.15 s of a 0.35 s call. Here the CLI speaks the same
 * services through a {@link io.grpc.Channel} of its own over a plain {@link
 * java.nio.channels.SocketChannel}, so the generated blocking stubs, deadlines and status codes stay
 * as they were, and the daemon hands each call to its services through gRPC's in-process transport.
 *
 * <p>The protocol, one call per connection: the client writes one {@link dev.weft.proto.LocalCall}
 * frame (method, timeout, request) and reads {@link dev.weft.proto.LocalReply} frames (response
 * messages, then one status) until the daemon closes the connection. A frame is a 4-byte
 * big-endian length and the encoded message ({@link dev.weft.localapi.Frames}). A client that
 * closes its end cancels the call (how {@code logs -f} stops). Unary and server-streaming methods
 * only: the local API has no others.
 */
package dev.weft.localapi;
