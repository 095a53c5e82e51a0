package dev.weft.manager.service;

import dev.weft.manager.store.SpecDigest;
import dev.weft.manager.store.StoreState;
import dev.weft.net.AddressAllocator;
import dev.weft.net.Ipv4;
import dev.weft.net.SubnetPlan;
import dev.weft.proto.Network;
import dev.weft.proto.Node;
import dev.weft.proto.NodeAvailability;
import dev.weft.proto.NodeState;
import dev.weft.proto.PublishMode;
import dev.weft.proto.Service;
import dev.weft.proto.Task;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.TaskState;
import dev.weft.proto.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The leader's orchestrator and scheduler in one pure step: from a store state, the task writes
 * that bring every service towards its spec.
 *
 * <ul>
 *   <li>Replicated: one live task per slot 1..replicas; a task above the count, one that ended and
 *       one whose node is down, drained or gone is shut down, and its slot gets a new task; tasks
 *       made from an older spec (command, env, networks, ports) are replaced the same way,
 *       {@code update_parallelism} at a time (a rolling update).
 *   <li>Global: one live task on every node that is Ready and Active, including nodes that join
 *       later; tasks on other nodes are shut down.
 *   <li>New tasks get an address on each of their networks (the service's, and the ingress network
 *       when a port is published through the mesh) and a node: the eligible node running the fewest
 *       of the service's tasks, then the fewest tasks, then the lowest id.
 *   <li>A task being shut down is removed, with its addresses, once it has ended or its node can no
 *       longer report it.
 * </ul>
 *
 * Deterministic given the state and the id supplier; the store checks the result again.
 */
public final class TaskPlanner {
  /** What to write: tasks to create or replace, and tasks to remove. */
  public record Plan(List<Task> put, List<String> remove) {
    public boolean isEmpty() {
      return put.isEmpty() && remove.isEmpty();
    }
  }

  private final StoreState state;
  private final Supplier<String> ids;
  private final long now;
  private final Map<String, Task> put = new TreeMap<>();
  private final List<String> remove = new ArrayList<>();
  /** The reason given to tasks replaced because their service's spec changed. */
  static final String UPDATED = "service updated";
  private final Set<String> claimed = new HashSet<>();

  private TaskPlanner(StoreState state, Supplier<String> ids, long now) {
    this.state = state;
    this.ids = ids;
    this.now = now;
  }

  public static Plan plan(StoreState state, Supplier<String> ids, long nowUnixMs) {
    TaskPlanner p = new TaskPlanner(state, ids, nowUnixMs);
    for (Service s : state.sortedServices()) {
      p.orchestrate(s);
    }
    p.removeEnded();
    return new Plan(new ArrayList<>(p.put.values()), p.remove);
  }

  private void orchestrate(Service s) {
    long digest = SpecDigest.of(s.getSpec());
    List<Task> live = new ArrayList<>();
    List<Task> outdated = new ArrayList<>();
    for (Task t : state.tasksOf(s.getId())) {
      if (t.getDesiredState() != TaskState.TASK_STATE_RUNNING) {
        continue;
      }
      String why = stopReason(s, t, digest);
      if (UPDATED.equals(why)) {
        outdated.add(t);
      } else if (why != null) {
        shutDown(t, why);
      } else {
        live.add(t);
      }
    }
    rollingUpdate(s, digest, live, outdated);
    for (Task t : live) {
      if (t.getNodeId().isEmpty()) {
        schedule(s, t.toBuilder());
      }
    }
    if (s.getSpec().hasGlobal()) {
      Set<String> covered = new HashSet<>();
      live.forEach(t -> covered.add(t.getNodeId()));
      for (Node n : eligibleNodes()) {
        if (!covered.contains(n.getId())) {
          create(s, 0, digest, n.getId());
        }
      }
      return;
    }
    long replicas = s.getSpec().getReplicated().getReplicas();
    Set<Long> filled = new HashSet<>();
    for (Task t : live) {
      if (t.getSlot() > replicas || !filled.add(t.getSlot())) {
        shutDown(t, "scaled down");
      }
    }
    for (long slot = 1; slot <= replicas; slot++) {
      if (!filled.contains(slot)) {
        create(s, slot, digest, null);
      }
    }
  }

  /**
   * Replaces tasks made from an older spec at most {@code update_parallelism} at a time (0: all at
   * once): a batch is shut down (and its slots get new tasks) only while fewer new tasks than that
   * are still on their way to running. The rest stay live and keep their slots until their turn.
   */
  private void rollingUpdate(Service s, long digest, List<Task> live, List<Task> outdated) {
    int parallelism = s.getSpec().getUpdateParallelism();
    long starting = live.stream().filter(t -> t.getSpecDigest() == digest
        && t.getStatus().getState().getNumber() < TaskState.TASK_STATE_RUNNING.getNumber()).count();
    long allowed = parallelism == 0 ? outdated.size() : Math.max(0, parallelism - starting);
    outdated.sort(java.util.Comparator.comparingLong(Task::getSlot).thenComparing(Task::getNodeId));
    for (int i = 0; i < outdated.size(); i++) {
      if (i < allowed) {
        shutDown(outdated.get(i), UPDATED);
      } else {
        live.add(outdated.get(i));
      }
    }
  }

  /** Why a live task must stop, or null. */
  private String stopReason(Service s, Task t, long digest) {
    TaskState st = t.getStatus().getState();
    if (st.getNumber() >= TaskState.TASK_STATE_COMPLETE.getNumber()) {
      return "task " + name(st);
    }
    if (!t.getNodeId().isEmpty()) {
      Node n = state.nodes().get(t.getNodeId());
      if (n == null) {
        return "node removed";
      }
      if (n.getStatus().getState() == NodeState.NODE_STATE_DOWN) {
        return "node down";
      }
      if (n.getSpec().getAvailability() != NodeAvailability.NODE_AVAILABILITY_ACTIVE) {
        return "node drained";
      }
      if (s.getSpec().hasGlobal() && !eligible(n)) {
        return "node not ready";
      }
    }
    if (t.getSpecDigest() != digest) {
      return UPDATED;
    }
    return null;
  }

  private void shutDown(Task t, String why) {
    put.put(t.getId(), t.toBuilder().setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
        .setStatus(t.getStatus().toBuilder().setMessage(why).setAtUnixMs(now)).build());
  }

  private void create(Service s, long slot, long digest, String node) {
    Task.Builder t = Task.newBuilder().setId(ids.get()).setServiceId(s.getId()).setSlot(slot)
        .setDesiredState(TaskState.TASK_STATE_RUNNING).setSpecDigest(digest);
    for (String networkId : networksOf(s)) {
      Network network = state.networks().get(networkId);
      if (network == null) {
        continue; // the store refuses a service on a missing network; nothing to attach
      }
      t.addAttachments(TaskAttachment.newBuilder().setNetworkId(networkId).setAddress(address(network)));
    }
    if (node != null) {
      Task task = t.setNodeId(node).setStatus(status(TaskState.TASK_STATE_ASSIGNED, "scheduled")).build();
      put.put(task.getId(), task);
    } else {
      schedule(s, t);
    }
  }

  /** Gives a task without a node the best eligible one, or leaves it pending saying why. */
  private void schedule(Service s, Task.Builder t) {
    String chosen = pickNode(s);
    if (chosen == null) {
      if (t.getStatus().getState() == TaskState.TASK_STATE_PENDING) {
        return; // already waiting; nothing to write
      }
      t.setStatus(status(TaskState.TASK_STATE_PENDING, hostPorts(s).isEmpty()
          ? "no suitable node (no node is Ready and Active)"
          : "no suitable node (host-mode ports " + String.join(", ", new java.util.TreeSet<>(hostPorts(s)))
              + " are taken on every Ready and Active node)"));
    } else {
      t.setNodeId(chosen).setStatus(status(TaskState.TASK_STATE_ASSIGNED, "scheduled"));
    }
    Task task = t.build();
    put.put(task.getId(), task);
  }

  /** The service's networks and, with a port published through the mesh, the ingress network first. */
  static List<String> networksOf(Service s) {
    List<String> ids = new ArrayList<>();
    boolean mesh = s.getPortsList().stream().anyMatch(p -> p.getPublishMode() == PublishMode.PUBLISH_MODE_INGRESS);
    if (mesh) {
      s.getVirtualIpsList().stream().map(v -> v.getNetworkId())
          .filter(id -> s.getSpec().getNetworksList().stream().noneMatch(n -> n.getTarget().equals(id)))
          .forEach(ids::add);
    }
    s.getSpec().getNetworksList().forEach(n -> ids.add(n.getTarget()));
    return ids;
  }

  private String address(Network network) {
    SubnetPlan plan = SubnetPlan.of(network.getAllocated(0));
    Set<Long> used = new HashSet<>();
    state.addressesOn(network.getId()).keySet().forEach(ip -> used.add(Ipv4.parse(ip)));
    for (String key : claimed) {
      if (key.startsWith(network.getId() + "/")) {
        used.add(Ipv4.parse(key.substring(network.getId().length() + 1)));
      }
    }
    String last = network.getLastAllocated();
    long address = AddressAllocator.next(plan, last.isEmpty() ? -1 : Ipv4.parse(last), used);
    claimed.add(network.getId() + "/" + Ipv4.format(address));
    return Ipv4.format(address) + "/" + plan.subnet().prefix();
  }

  /**
   * The eligible node with the fewest live tasks of this service, then the fewest live tasks
   * overall; a node where a live task already publishes one of the service's host-mode ports is
   * not eligible (the port is taken there).
   */
  private String pickNode(Service s) {
    Map<String, Integer> ofService = new HashMap<>();
    Map<String, Integer> overall = new HashMap<>();
    Set<String> hostPorts = hostPorts(s);
    Set<String> portTaken = new HashSet<>();
    for (Task t : liveAfterPlan()) {
      Service other = state.services().get(t.getServiceId());
      if (!t.getNodeId().isEmpty() && other != null && hostPorts(other).stream().anyMatch(hostPorts::contains)) {
        portTaken.add(t.getNodeId());
      }
      if (!t.getNodeId().isEmpty()) {
        overall.merge(t.getNodeId(), 1, Integer::sum);
        if (t.getServiceId().equals(s.getId())) {
          ofService.merge(t.getNodeId(), 1, Integer::sum);
        }
      }
    }
    String best = null;
    for (Node n : eligibleNodes()) {
      if (portTaken.contains(n.getId())) {
        continue;
      }
      if (best == null || compare(n.getId(), best, ofService, overall) < 0) {
        best = n.getId();
      }
    }
    return best;
  }

  /** The service's ports published in host mode, as {@code port/protocol}. */
  private static Set<String> hostPorts(Service s) {
    Set<String> ports = new HashSet<>();
    s.getPortsList().stream().filter(p -> p.getPublishMode() == PublishMode.PUBLISH_MODE_HOST)
        .forEach(p -> ports.add(p.getPublishedPort() + "/" + p.getProtocol()));
    return ports;
  }

  private static int compare(String a, String b, Map<String, Integer> ofService, Map<String, Integer> overall) {
    int c = Integer.compare(ofService.getOrDefault(a, 0), ofService.getOrDefault(b, 0));
    if (c == 0) {
      c = Integer.compare(overall.getOrDefault(a, 0), overall.getOrDefault(b, 0));
    }
    return c != 0 ? c : a.compareTo(b);
  }

  /** Tasks meant to run once this plan is applied. */
  private List<Task> liveAfterPlan() {
    Map<String, Task> all = new TreeMap<>(state.tasks());
    all.putAll(put);
    return all.values().stream().filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING).toList();
  }

  /** Tasks being shut down that have ended, or whose node can no longer report them. */
  private void removeEnded() {
    for (Task t : state.sortedTasks()) {
      if (t.getDesiredState() != TaskState.TASK_STATE_SHUTDOWN || put.containsKey(t.getId())) {
        continue;
      }
      Node n = t.getNodeId().isEmpty() ? null : state.nodes().get(t.getNodeId());
      boolean ended = t.getStatus().getState().getNumber() >= TaskState.TASK_STATE_COMPLETE.getNumber();
      boolean unreachable = n == null || n.getStatus().getState() == NodeState.NODE_STATE_DOWN;
      if (ended || unreachable) {
        remove.add(t.getId());
      }
    }
  }

  private List<Node> eligibleNodes() {
    return state.sortedNodes().stream().filter(TaskPlanner::eligible).toList();
  }

  private static boolean eligible(Node n) {
    return n.getStatus().getState() == NodeState.NODE_STATE_READY
        && n.getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_ACTIVE;
  }

  private TaskStatus status(TaskState st, String message) {
    return TaskStatus.newBuilder().setState(st).setMessage(message).setAtUnixMs(now).build();
  }

  private static String name(TaskState st) {
    return dev.weft.manager.store.TaskRules.name(st);
  }
}
