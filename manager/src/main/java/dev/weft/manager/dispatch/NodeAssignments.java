package dev.weft.manager.dispatch;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Assignments;
import dev.weft.proto.Attachment;
import dev.weft.proto.Network;
import dev.weft.proto.Service;
import dev.weft.proto.Task;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.TaskPlacement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What one node must hold at one store version: its attachments, the tasks given to it, the swarm
 * networks any of them are on, the services of those tasks or with a virtual IP on those networks
 * (whose names the node's DNS answers), and where every task on those networks is placed (the
 * node balances and resolves only to those). Pure; {@link #full} and {@link #deltaFrom}
 * make the stream's messages.
 *
 * @param version the store version this was computed from
 * @param networks by id
 * @param attachments by endpoint id
 * @param tasks by task id
 * @param services by service id
 * @param placements where each placed task with an address on those networks is, by task id
 */
public record NodeAssignments(long version, Map<String, Network> networks, Map<String, Attachment> attachments,
    Map<String, Task> tasks, Map<String, Service> services, Map<String, TaskPlacement> placements) {
  public NodeAssignments {
    networks = Map.copyOf(networks);
    attachments = Map.copyOf(attachments);
    tasks = Map.copyOf(tasks);
    services = Map.copyOf(services);
    placements = Map.copyOf(placements);
  }

  public static NodeAssignments of(StoreState state, String nodeId) {
    Map<String, Attachment> attachments = new TreeMap<>();
    Map<String, Network> networks = new TreeMap<>();
    Map<String, Task> tasks = new TreeMap<>();
    Map<String, Service> services = new TreeMap<>();
    for (Attachment a : state.attachmentsOf(nodeId)) {
      Network network = state.networks().get(a.getNetworkId());
      if (network != null) {
        attachments.put(a.getId(), a);
        networks.put(network.getId(), network);
      }
    }
    for (Task t : state.sortedTasks()) {
      Service service = state.services().get(t.getServiceId());
      if (!t.getNodeId().equals(nodeId) || service == null) {
        continue;
      }
      tasks.put(t.getId(), t);
      services.put(service.getId(), service);
      for (TaskAttachment a : t.getAttachmentsList()) {
        Network network = state.networks().get(a.getNetworkId());
        if (network != null) {
          networks.put(network.getId(), network);
        }
      }
    }
    // Services reachable on those networks: their virtual IPs and names are the node's to serve.
    for (Service s : state.sortedServices()) {
      if (s.getVirtualIpsList().stream().anyMatch(v -> networks.containsKey(v.getNetworkId()))) {
        services.put(s.getId(), s);
      }
    }
    Map<String, TaskPlacement> placements = new TreeMap<>();
    for (Task t : state.sortedTasks()) {
      if (!t.getNodeId().isEmpty() && t.getAttachmentsList().stream().anyMatch(a -> networks.containsKey(a.getNetworkId()))) {
        placements.put(t.getId(), TaskPlacement.newBuilder().setTaskId(t.getId()).setNodeId(t.getNodeId())
            .addAllAttachments(t.getAttachmentsList()).build());
      }
    }
    return new NodeAssignments(state.version(), networks, attachments, tasks, services, placements);
  }

  /** The first message of a stream. */
  public Assignments full(int dataPathPort) {
    return Assignments.newBuilder().setFull(true).setVersion(version).setDataPathPort(dataPathPort)
        .addAllNetworks(new TreeMap<>(networks).values()).addAllAttachments(new TreeMap<>(attachments).values())
        .addAllTasks(new TreeMap<>(tasks).values()).addAllServices(new TreeMap<>(services).values())
        .addAllPlacements(new TreeMap<>(placements).values())
        .build();
  }

  /** The delta that turns {@code previous} into this; empty when nothing the node holds changed. */
  public Optional<Assignments> deltaFrom(NodeAssignments previous, int dataPathPort) {
    Assignments.Builder delta = Assignments.newBuilder().setVersion(version).setBaseVersion(previous.version)
        .setDataPathPort(dataPathPort);
    diff(previous.networks, networks, delta::addNetworks, delta::addRemovedNetworkIds);
    diff(previous.attachments, attachments, delta::addAttachments, delta::addRemovedAttachmentIds);
    diff(previous.tasks, tasks, delta::addTasks, delta::addRemovedTaskIds);
    diff(previous.services, services, delta::addServices, delta::addRemovedServiceIds);
    diff(previous.placements, placements, delta::addPlacements, delta::addRemovedPlacementIds);
    Assignments built = delta.build();
    boolean empty = built.getNetworksCount() == 0 && built.getRemovedNetworkIdsCount() == 0
        && built.getAttachmentsCount() == 0 && built.getRemovedAttachmentIdsCount() == 0
        && built.getTasksCount() == 0 && built.getRemovedTaskIdsCount() == 0
        && built.getServicesCount() == 0 && built.getRemovedServiceIdsCount() == 0
        && built.getPlacementsCount() == 0 && built.getRemovedPlacementIdsCount() == 0;
    return empty ? Optional.empty() : Optional.of(built);
  }

  /** Adds what is new or changed in {@code now}, and the ids gone from {@code before}, in id order. */
  private static <T> void diff(Map<String, T> before, Map<String, T> now, Consumer<T> changed,
      Consumer<String> removed) {
    new TreeMap<>(now).forEach((BiConsumer<String, T>) (id, value) -> {
      if (!value.equals(before.get(id))) {
        changed.accept(value);
      }
    });
    new TreeMap<>(before).keySet().stream().filter(id -> !now.containsKey(id)).forEach(removed);
  }
}
