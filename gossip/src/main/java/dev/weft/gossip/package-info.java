/**
 * Membership and per-network endpoint tables, spread by gossip between the agents.
 *
 * <h2>Flow</h2>
 *
 * <ol>
 *   <li>The agent starts one {@link dev.weft.gossip.GossipNode} ({@link dev.weft.gossip.GossipConfig}:
 *       node id, bind and advertised address, data-path address, incarnation, managers as seeds).
 *       Every node of the swarm is a member of one ScaleCube cluster over TCP
 *       ({@link dev.weft.gossip.ClusterLink}, with the transport of {@link dev.weft.gossip.transport});
 *       a rejoin replaces the member off the event thread ({@link dev.weft.gossip.MemberLinks}).
 *       A member's {@link dev.weft.gossip.wire.MemberInfo} names its node, its VTEP and the
 *       networks it participates in: in its ScaleCube metadata at the join, and in weft's own
 *       {@link dev.weft.gossip.wire.Hello}s on every change after (never as a metadata update,
 *       which every member would have to fetch). ScaleCube finds members; weft's traffic keeps a
 *       member alive while ScaleCube's failure detector flaps ({@link dev.weft.gossip.MemberDirectory}).
 *   <li>The agent publishes and withdraws its own endpoints. The node writes them into the
 *       network's {@link dev.weft.gossip.table.EndpointTable} and pushes them at once to the
 *       network's participants; every {@code antiEntropyInterval} it exchanges digests with one
 *       random participant per network, which repairs lost pushes.
 *   <li>Every visible change, own or remote, reaches the agent's {@link dev.weft.gossip.GossipNode.Listener}
 *       on the node's event thread, in order; the agent programs neighbour/FDB entries and DNS
 *       from them, and FDB peers from {@link dev.weft.gossip.GossipNode#peers}.
 * </ol>
 *
 * <h2>What must hold</h2>
 *
 * <ul>
 *   <li>One event thread per node owns all tables and the member directory
 *       ({@link dev.weft.gossip.EndpointGossip}); ScaleCube's callbacks hop onto it.
 *   <li>A node's records go only to nodes that participate in the network: pushes and
 *       anti-entropy requests go to members whose latest word lists it, and a node without a table
 *       answers a request with an empty reply.
 *   <li>Nothing received is trusted: payloads are decoded by {@link dev.weft.gossip.wire}, ScaleCube
 *       envelopes by {@link dev.weft.gossip.transport.FilteredMessageCodec}; malformed input is
 *       dropped with a WARN naming the sender.
 *   <li>ScaleCube types never leave this module. Settings are records with documented presets
 *       ({@link dev.weft.gossip.GossipSettings}); the clock and the random generator are passed in.
 * </ul>
 */
package dev.weft.gossip;
