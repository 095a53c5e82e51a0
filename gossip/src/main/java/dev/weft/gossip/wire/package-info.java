/**
 * The bytes weft's gossip puts on the wire inside ScaleCube messages: endpoint pushes,
 * anti-entropy requests and replies ({@link dev.weft.gossip.wire.EndpointCodec}), and what a member
 * says about itself, which node it is and which networks it participates in, as ScaleCube metadata
 * and in hellos ({@link dev.weft.gossip.wire.MemberInfoCodec}).
 *
 * <h2>What must hold</h2>
 *
 * <ul>
 *   <li>The gossip port is reachable from the network, so everything here is decoded as hostile:
 *       a format byte first, explicit length limits ({@link dev.weft.gossip.wire.WireLimits})
 *       checked against the bytes actually left before anything is allocated, every field
 *       validated, trailing bytes refused. Decoding throws only
 *       {@link dev.weft.gossip.wire.MalformedPayloadException}; the caller drops the message and
 *       logs the sender.
 *   <li>No Java serialization: the codecs are pure functions from records to byte arrays and back.
 *   <li>The writer enforces the reader's limits, so a node never sends what its peers would drop.
 * </ul>
 */
package dev.weft.gossip.wire;
