/**
 * Overlay networks on one host: attachments allocated by the managers ({@link
 * dev.weft.agent.overlay.SwarmAttachments}), endpoints announced to and learned from the other
 * hosts ({@link dev.weft.agent.overlay.EndpointDirectory}), and one sandbox namespace per network
 * holding its vxlan device (endpoints are macvlan devices on it), whose neighbour and FDB entries
 * are planned by {@code vxlan/}'s {@code OverlayPlanner} from what the kernel holds and what the
 * tables say, then applied.
 * A sandbox exists exactly while a local endpoint runs on its network.
 */
package dev.weft.agent.overlay;
