package dev.weft.agent.overlay;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.vxlan.plan.ObservedSandbox;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which gossiped endpoint records count, for names, virtual IPs and the routing mesh: an owner's
 * current life, tasks only where the managers placed them, remote endpoints only once this host's
 * sandbox forwards to them. Pure; {@link OverlayNetworks} applies them.
 */
final class EndpointRules {
  private EndpointRules() {}

  /**
   * The records of each owner's latest life: the table keeps an owner's records from before its
   * restart visible until they are reaped, but a restarted daemon announces again, at once, every
   * endpoint that survived it, so an older record alongside newer ones is of an endpoint that is gone.
   */
  static List<EndpointRecord> currentLives(List<EndpointRecord> live) {
    Map<String, Long> incarnation = new HashMap<>();
    live.forEach(r -> incarnation.merge(r.owner(), r.version().incarnation(), Math::max));
    return live.stream().filter(r -> r.version().incarnation() == incarnation.get(r.owner())).toList();
  }

  /** "network|ip|node" of every address of the given placements. */
  static Set<String> placementKeys(java.util.Collection<dev.weft.proto.TaskPlacement> placements) {
    Set<String> keys = new HashSet<>();
    for (var p : placements) {
      for (var a : p.getAttachmentsList()) {
        int slash = a.getAddress().indexOf('/');
        String ip = slash < 0 ? a.getAddress() : a.getAddress().substring(0, slash);
        keys.add(a.getNetworkId() + "|" + ip + "|" + p.getNodeId());
      }
    }
    return Set.copyOf(keys);
  }

  /**
   * Whether the sandbox forwards to a remote endpoint: its neighbour and FDB entries are in. The
   * table can hold a record that arrived after the sandbox was last programmed; balancing to it
   * then (the mesh, a virtual IP) sent a SYN that a container or the host resolved from an ARP
   * entry it still had for the address and the vxlan device dropped for want of an FDB entry, and
   * the connection waited out TCP's 1 s retransmission. The record's arrival programs the sandbox
   * and then balances to it, in one pass.
   */
  static boolean forwardable(EndpointRecord r, ObservedSandbox sandbox) {
    return sandbox != null && r.mac().equals(sandbox.neighbours().get(r.ip()))
        && r.hostDataPathIp().equals(sandbox.fdb().get(r.mac()));
  }

  /** Whether a record may be balanced to and named: not a task's, or a task's where the managers placed it. */
  static boolean placedIfTask(EndpointRecord r, Set<String> placed) {
    return r.aliases().stream().noneMatch(a -> a.startsWith("tasks."))
        || placed.contains(r.networkId() + "|" + r.ip() + "|" + r.owner());
  }
}
