package dev.weft.gossip;

/**
 * Another live node that participates in a network: where to send that network's VXLAN traffic
 * for the node's endpoints (the agent programs an FDB entry per peer).
 *
 * @param nodeId the peer's weft node id
 * @param dataPathIp the peer's VTEP address on the underlay
 */
public record Peer(String nodeId, String dataPathIp) {}
