package dev.weft.manager.dispatch;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Assignments;
import dev.weft.proto.Attachment;
import dev.weft.proto.Network;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one node must hold at one store version: the swarm networks it has attachments on, and
 * those attachments. Pure; {@link #full} and {@link #deltaFrom} make the stream's messages.
 *
 * @param version the store version this was computed from
 * @param networks by id
 * @param attachments by endpoint id
 */
public record NodeAssignments(long version, Map<String, Network> networks, Map<String, Attachment> attachments) {
  public NodeAssignments {
    networks = Map.copyOf(networks);
    attachments = Map.copyOf(attachments);
  }

  public static NodeAssignments of(StoreState state, String nodeId) {
    Map<String, Attachment> attachments = new TreeMap<>();
    Map<String, Network> networks = new TreeMap<>();
    for (Attachment a : state.attachmentsOf(nodeId)) {
      Network network = state.networks().get(a.getNetworkId());
      if (network != null) {
        attachments.put(a.getId(), a);
        networks.put(network.getId(), network);
      }
    }
    return new NodeAssignments(state.version(), networks, attachments);
  }

  /** The first message of a stream. */
  public Assignments full(int dataPathPort) {
    return Assignments.newBuilder().setFull(true).setVersion(version).setDataPathPort(dataPathPort)
        .addAllNetworks(new TreeMap<>(networks).values()).addAllAttachments(new TreeMap<>(attachments).values())
        .build();
  }

  /** The delta that turns {@code previous} into this; empty when nothing the node holds changed. */
  public Optional<Assignments> deltaFrom(NodeAssignments previous, int dataPathPort) {
    Assignments.Builder delta = Assignments.newBuilder().setVersion(version).setBaseVersion(previous.version)
        .setDataPathPort(dataPathPort);
    new TreeMap<>(networks).forEach((id, n) -> {
      if (!n.equals(previous.networks.get(id))) {
        delta.addNetworks(n);
      }
    });
    new TreeMap<>(previous.networks).keySet().stream().filter(id -> !networks.containsKey(id))
        .forEach(delta::addRemovedNetworkIds);
    new TreeMap<>(attachments).forEach((id, a) -> {
      if (!a.equals(previous.attachments.get(id))) {
        delta.addAttachments(a);
      }
    });
    new TreeMap<>(previous.attachments).keySet().stream().filter(id -> !attachments.containsKey(id))
        .forEach(delta::addRemovedAttachmentIds);
    Assignments built = delta.build();
    boolean empty = built.getNetworksCount() == 0 && built.getRemovedNetworkIdsCount() == 0
        && built.getAttachmentsCount() == 0 && built.getRemovedAttachmentIdsCount() == 0;
    return empty ? Optional.empty() : Optional.of(built);
  }
}
