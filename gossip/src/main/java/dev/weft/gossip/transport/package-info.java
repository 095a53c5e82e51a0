/**
 * The ScaleCube transport weft runs on: ScaleCube's TCP transport with the two fixes of DEPS.md
 * (the server binds the configured address, never 0.0.0.0; the client resolves names through the
 * JDK, so Reactor Netty opens no UDP resolver sockets), and a message codec that is safe on a port
 * reachable from the network.
 *
 * <h2>Flow</h2>
 *
 * A message is framed with a 4-byte length ({@link dev.weft.gossip.transport.LengthFieldFraming},
 * as ScaleCube's stock transport does, so frames over the limit are refused before decoding), then
 * decoded by {@link dev.weft.gossip.transport.FilteredMessageCodec}. ScaleCube's SWIM messages stay
 * Java-serialized, behind an allow-list filter; weft's own payloads and the member metadata are
 * {@code byte[]} that {@link dev.weft.gossip.wire} encodes, passed through untouched
 * ({@link dev.weft.gossip.transport.ByteArrayMetadataCodec}).
 *
 * <h2>What must hold</h2>
 *
 * <ul>
 *   <li>No class outside ScaleCube's own message classes, {@code String}, enums and {@code byte[]}
 *       is ever instantiated from the network, and no count from the network allocates more than
 *       the message's own size.
 *   <li>ScaleCube types stay inside {@code dev.weft.gossip}; nothing here is used by other modules.
 *   <li>Limit: SWIM messages are not authenticated. A host that can reach the gossip port can still
 *       disturb membership (declare members dead, or send well-formed messages with missing
 *       fields that end one of ScaleCube's subscriptions). Keep the port on the data network.
 * </ul>
 */
package dev.weft.gossip.transport;
