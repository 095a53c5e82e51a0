package dev.weft.manager.logs;

import dev.weft.manager.store.StoreState;
import dev.weft.proto.Node;
import dev.weft.proto.Service;
import dev.weft.proto.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which nodes to ask for a service's logs: its tasks placed on a node, by node, with the names
 * the lines are shown under. Pure.
 *
 * @param tasksByNode task ids by node id, in slot order
 * @param taskNames {@code service.slot.taskid} ({@code service.node.taskid} for global services), the
 *     task id cut to 12 characters, as Docker names a task's log lines; by task id
 * @param hostnames node hostnames by node id
 */
public record LogPlan(Map<String, List<String>> tasksByNode, Map<String, String> taskNames,
    Map<String, String> hostnames) {
  public LogPlan {
    tasksByNode = Map.copyOf(tasksByNode);
    taskNames = Map.copyOf(taskNames);
    hostnames = Map.copyOf(hostnames);
  }

  public static LogPlan of(StoreState state, Service service) {
    Map<String, List<String>> byNode = new TreeMap<>();
    Map<String, String> names = new TreeMap<>();
    Map<String, String> hostnames = new TreeMap<>();
    List<Task> tasks = new ArrayList<>(state.tasksOf(service.getId()));
    tasks.sort(java.util.Comparator.comparingLong(Task::getSlot).thenComparing(Task::getNodeId)
        .thenComparing(Task::getId));
    for (Task t : tasks) {
      if (t.getNodeId().isEmpty()) {
        continue; // not placed: nothing ran, nothing logged
      }
      byNode.computeIfAbsent(t.getNodeId(), n -> new ArrayList<>()).add(t.getId());
      String hostname = state.node(t.getNodeId()).map(Node::getDescription).map(d -> d.getHostname())
          .filter(h -> !h.isEmpty()).orElse(t.getNodeId());
      hostnames.put(t.getNodeId(), hostname);
      String instance = service.getSpec().hasGlobal() ? t.getNodeId() : Long.toString(t.getSlot());
      names.put(t.getId(), service.getSpec().getName() + "." + instance + "." + shortId(t.getId()));
    }
    return new LogPlan(byNode, names, hostnames);
  }

  /**
   * This plan with the names and hostnames of {@code earlier} that it lacks: lines of a task that
   * was replaced may still arrive while following.
   */
  public LogPlan including(LogPlan earlier) {
    Map<String, String> names = new TreeMap<>(earlier.taskNames);
    names.putAll(taskNames);
    Map<String, String> hosts = new TreeMap<>(earlier.hostnames);
    hosts.putAll(hostnames);
    return new LogPlan(tasksByNode, names, hosts);
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
