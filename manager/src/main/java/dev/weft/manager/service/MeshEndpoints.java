package dev.weft.manager.service;

import dev.weft.manager.network.AttachmentAddresses;
import dev.weft.manager.store.StoreState;
import dev.weft.net.Ipv4;
import dev.weft.proto.Attachment;
import dev.weft.proto.Network;
import dev.weft.proto.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every node's endpoint on the ingress network, through which its routing mesh reaches the tasks
 * of services that publish ports in ingress mode (Docker's per-node "ingress-endpoint"): as in
 * Docker, whose nodes build their ingress sandbox when they join, each node of the swarm holds one
 * address there from the start, so the first published port costs a table, not every node
 * joining the ingress network at once (that made the first such service here ~0.9 s slower to
 * answer everywhere than the next ones). An address is kept until its node is removed or the
 * ingress network is. Pure; the store checks each address again.
 */
public final class MeshEndpoints {
  /** The endpoint's name, as in Docker's {@code network inspect ingress}. */
  public static final String NAME = "ingress-endpoint";

  private MeshEndpoints() {}

  /** The swarm's ingress network, if it has one. */
  public static Optional<Network> ingress(StoreState state) {
    return state.sortedNetworks().stream().filter(n -> n.getSpec().getIngress()).findFirst();
  }

  /** The attachments to create: one for each node that has none. */
  public static List<Attachment> plan(StoreState state, Supplier<String> ids) {
    Network ingress = ingress(state).orElse(null);
    if (ingress == null) {
      return List.of();
    }
    Set<String> attached = new HashSet<>();
    state.attachmentsOn(ingress.getId()).forEach(a -> attached.add(a.getNodeId()));
    Set<Long> chosen = new HashSet<>();
    List<Attachment> created = new ArrayList<>();
    for (Node node : state.sortedNodes()) {
      if (attached.contains(node.getId())) {
        continue;
      }
      String address = AttachmentAddresses.choose(ingress, state, "", chosen);
      chosen.add(Ipv4.parse(address.substring(0, address.indexOf('/'))));
      created.add(Attachment.newBuilder().setId(ids.get()).setNetworkId(ingress.getId()).setNodeId(node.getId())
          .setAddress(address).setContainerName(NAME).build());
    }
    return created;
  }
}
