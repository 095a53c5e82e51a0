package dev.weft.manager.store;

import dev.weft.proto.AddNode;
import dev.weft.proto.Attachment;
import dev.weft.proto.Cluster;
import dev.weft.proto.CreateCluster;
import dev.weft.proto.JoinTokens;
import dev.weft.proto.Meta;
import dev.weft.proto.Network;
import dev.weft.net.Ipv4Subnet;
import dev.weft.proto.Node;
import dev.weft.proto.NodeRole;
import dev.weft.proto.NodeSpec;
import dev.weft.proto.NodeState;
import dev.weft.proto.NodeStatus;
import dev.weft.proto.RemoveNode;
import dev.weft.proto.RotateJoinToken;
import dev.weft.proto.Service;
import dev.weft.proto.SetNodeRole;
import dev.weft.proto.Task;
import dev.weft.proto.StoreAction;
import dev.weft.proto.StoreResult;
import dev.weft.proto.UpdateNodeSpec;
import dev.weft.proto.UpdateNodeStatus;
import dev.weft.proto.UpdateTaskStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Applies store actions, one at a time, to the current {@link StoreState}. Not thread-safe for
 * writers (Raft applies in log order from one thread); readers call {@link #state()} from any
 * thread and get a consistent, immutable state.
 */
public final class ClusterStore {
  private volatile StoreState state = StoreState.EMPTY;
  private final List<Consumer<StoreState>> watchers = new CopyOnWriteArrayList<>();
  /** Signalled whenever {@link #state} moves on. */
  private final Object moved = new Object();

  public StoreState state() {
    return state;
  }

  /**
   * Waits until this member's state has reached {@code version} (a write committed through the
   * leader is applied here a moment later): a caller that reads right after its own write then
   * sees it. False when {@code timeout} ran out first.
   */
  public boolean awaitVersion(long version, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (moved) {
      while (state.version() < version) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(moved, left);
      }
    }
    return true;
  }

  private void moved(StoreState next) {
    state = next;
    synchronized (moved) {
      moved.notifyAll();
    }
    watchers.forEach(w -> w.accept(next));
  }

  /** Called after every successful apply, on the applying thread. Watchers must not block. */
  public void watch(Consumer<StoreState> watcher) {
    watchers.add(watcher);
  }

  /** Replaces the whole state (snapshot install, restart). */
  public void restore(StoreState restored) {
    moved(restored);
  }

  public StoreResult apply(StoreAction action) {
    try {
      Change change = switch (action.getActionCase()) {
        case CREATE_CLUSTER -> createCluster(action.getCreateCluster(), action.getAtUnixMs());
        case ADD_NODE -> addNode(action.getAddNode(), action.getAtUnixMs());
        case UPDATE_NODE_SPEC -> updateSpec(action.getUpdateNodeSpec(), action.getAtUnixMs());
        case UPDATE_NODE_STATUS -> updateStatus(action.getUpdateNodeStatus(), action.getAtUnixMs());
        case SET_NODE_ROLE -> setRole(action.getSetNodeRole(), action.getAtUnixMs());
        case REMOVE_NODE -> removeNode(action.getRemoveNode());
        case ROTATE_JOIN_TOKEN -> rotate(action.getRotateJoinToken(), action.getAtUnixMs());
        case CREATE_NETWORK -> createNetwork(action.getCreateNetwork().getNetwork(), action.getAtUnixMs());
        case REMOVE_NETWORK -> removeNetwork(action.getRemoveNetwork().getNetworkId());
        case CREATE_ATTACHMENT -> createAttachment(action.getCreateAttachment().getAttachment(), action.getAtUnixMs());
        case REMOVE_ATTACHMENT -> removeAttachment(action.getRemoveAttachment().getAttachmentId(),
            action.getRemoveAttachment().getNodeId());
        case CREATE_SERVICE -> putService(action.getCreateService().getService(), true, action.getAtUnixMs());
        case UPDATE_SERVICE -> putService(action.getUpdateService().getService(), false, action.getAtUnixMs());
        case REMOVE_SERVICE -> removeService(action.getRemoveService().getServiceId());
        case PUT_TASKS -> putTasks(action.getPutTasks().getTasksList(), action.getAtUnixMs());
        case REMOVE_TASKS -> removeTasks(action.getRemoveTasks().getTaskIdsList());
        case UPDATE_TASK_STATUS -> updateTaskStatus(action.getUpdateTaskStatus(), action.getAtUnixMs());
        case ACTION_NOT_SET -> throw new Rejected("empty store action");
      };
      if (!change.unchanged()) {
        moved(change.state());
      }
      StoreResult.Builder result = StoreResult.newBuilder().setOk(true).setStoreVersion(state.version());
      if (change.node() != null) {
        result.setNode(change.node());
      }
      if (change.network() != null) {
        result.setNetwork(change.network());
      }
      if (change.attachment() != null) {
        result.setAttachment(change.attachment());
      }
      if (change.service() != null) {
        result.setService(change.service());
      }
      return result.build();
    } catch (Rejected e) {
      return StoreResult.newBuilder().setOk(false).setError(e.getMessage())
          .setStoreVersion(state.version()).build();
    }
  }

  private record Change(StoreState state, Node node, boolean unchanged, Network network, Attachment attachment,
      Service service) {
    Change(StoreState state, Node node, boolean unchanged) {
      this(state, node, unchanged, null, null, null);
    }

    Change(StoreState state, Node node, boolean unchanged, Network network, Attachment attachment) {
      this(state, node, unchanged, network, attachment, null);
    }
  }

  /** Why an action was refused; the message is shown to the user as is. */
  static final class Rejected extends RuntimeException {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private Change createCluster(CreateCluster create, long at) {
    if (state.cluster() != null) {
      throw new Rejected("this node is already part of a swarm; use 'weft swarm leave' first");
    }
    Cluster cluster = create.getCluster().toBuilder().setMeta(meta(null, at)).build();
    Node first = create.getFirstNode().toBuilder().setMeta(meta(null, at)).build();
    Map<String, Network> networks = new HashMap<>();
    if (create.hasIngress()) {
      Network ingress = create.getIngress().toBuilder().setMeta(meta(null, at)).build();
      networks.put(ingress.getId(), ingress);
    }
    return new Change(new StoreState(state.version() + 1, cluster, Map.of(first.getId(), first),
        state.removedNodeIds(), networks, state.attachments(), state.services(), state.tasks()), first, false);
  }

  private Change addNode(AddNode add, long at) {
    Cluster cluster = requireCluster();
    Node node = add.getNode();
    if (state.nodes().containsKey(node.getId()) || state.removedNodeIds().contains(node.getId())) {
      throw new Rejected("node id " + node.getId() + " is already taken");
    }
    JoinTokens tokens = cluster.getJoinTokens();
    String expected = node.getRole() == NodeRole.NODE_ROLE_MANAGER ? tokens.getManager() : tokens.getWorker();
    if (!expected.equals(add.getToken())) {
      throw new Rejected("the join token is not valid (it may have been rotated); "
          + "ask a manager for the current one with 'weft swarm join-token'");
    }
    Node stored = node.toBuilder().setMeta(meta(null, at)).build();
    return putNode(stored);
  }

  private Change updateSpec(UpdateNodeSpec update, long at) {
    Node node = requireNode(update.getNodeId());
    NodeSpec.Builder spec = node.getSpec().toBuilder();
    if (update.getSetAvailability()) {
      spec.setAvailability(update.getAvailability());
    }
    update.getLabelsRemoveList().forEach(spec::removeLabels);
    spec.putAllLabels(update.getLabelsAddMap());
    if (update.getSetDesiredRole() && update.getDesiredRole() != node.getSpec().getDesiredRole()) {
      if (update.getDesiredRole() == NodeRole.NODE_ROLE_WORKER) {
        // Count the managers that would remain: nodes that hold the role now and are meant to
        // keep it. A node whose promotion is still pending does not count.
        long remaining = state.nodes().values().stream()
            .filter(n -> !n.getId().equals(node.getId()))
            .filter(n -> n.getRole() == NodeRole.NODE_ROLE_MANAGER
                && n.getSpec().getDesiredRole() == NodeRole.NODE_ROLE_MANAGER).count();
        if (remaining == 0) {
          throw new Rejected("attempting to demote the last manager of the swarm; "
              + "promote another node first ('weft node promote NODE')");
        }
      }
      spec.setDesiredRole(update.getDesiredRole());
    }
    NodeSpec next = spec.build();
    if (next.equals(node.getSpec())) {
      return unchangedWith(node);
    }
    return putNode(node.toBuilder().setSpec(next).setMeta(meta(node.getMeta(), at)).build());
  }

  private Change unchangedWith(Node node) {
    return new Change(null, node, true);
  }

  private Change updateStatus(UpdateNodeStatus update, long at) {
    Node node = requireNode(update.getNodeId());
    NodeStatus current = node.getStatus();
    NodeStatus.Builder status = current.toBuilder().setState(update.getState()).setMessage(update.getMessage());
    if (current.getState() != update.getState()) {
      status.setChangedUnixMs(at);
    }
    Node.Builder next = node.toBuilder().setStatus(status);
    if (update.hasDescription()) {
      next.setDescription(update.getDescription());
    }
    Node built = next.build();
    if (built.equals(node)) {
      return unchangedWith(node);
    }
    return putNode(built.toBuilder().setMeta(meta(node.getMeta(), at)).build());
  }

  private Change setRole(SetNodeRole set, long at) {
    Node node = requireNode(set.getNodeId());
    Node.Builder next = node.toBuilder().setRole(set.getRole());
    if (set.getRole() == NodeRole.NODE_ROLE_MANAGER) {
      next.setManagerStatus(set.getManagerStatus());
    } else {
      next.clearManagerStatus();
    }
    return putNode(next.setMeta(meta(node.getMeta(), at)).build());
  }

  private Change removeNode(RemoveNode remove) {
    Node node = requireNode(remove.getNodeId());
    String name = node.getDescription().getHostname();
    if (node.getRole() == NodeRole.NODE_ROLE_MANAGER || node.getSpec().getDesiredRole() == NodeRole.NODE_ROLE_MANAGER) {
      throw new Rejected("node " + name + " is a cluster manager and is a member of the raft cluster; "
          + "demote it with 'weft node demote " + name + "' before removing it");
    }
    if (node.getStatus().getState() == NodeState.NODE_STATE_READY && !remove.getForce()) {
      throw new Rejected("node " + name + " is not down and can't be removed; "
          + "run 'weft swarm leave' on it first, or use --force");
    }
    Map<String, Node> nodes = new HashMap<>(state.nodes());
    nodes.remove(node.getId());
    Set<String> removed = new HashSet<>(state.removedNodeIds());
    removed.add(node.getId());
    // Its addresses are freed with it: a removed node can never use them again.
    Map<String, Attachment> attachments = new HashMap<>(state.attachments());
    attachments.values().removeIf(a -> a.getNodeId().equals(node.getId()));
    return new Change(new StoreState(state.version() + 1, state.cluster(), nodes, removed, state.networks(),
        attachments, state.services(), state.tasks()), null, false);
  }

  private Change rotate(RotateJoinToken rotate, long at) {
    Cluster cluster = requireCluster();
    JoinTokens.Builder tokens = cluster.getJoinTokens().toBuilder();
    if (rotate.getRole() == NodeRole.NODE_ROLE_MANAGER) {
      tokens.setManager(rotate.getNewToken());
    } else {
      tokens.setWorker(rotate.getNewToken());
    }
    Cluster next = cluster.toBuilder().setJoinTokens(tokens).setMeta(meta(cluster.getMeta(), at)).build();
    return commit(next, state.nodes(), state.removedNodeIds(), null);
  }

  /**
   * Records a network whose subnets and VNI the proposer chose; refused when the name, a subnet
   * or the VNI collides with another network (a leader change between choice and commit must not
   * produce duplicates).
   */
  private Change createNetwork(Network network, long at) {
    requireCluster();
    for (Network other : state.networks().values()) {
      if (other.getId().equals(network.getId())) {
        throw new Rejected("network id " + network.getId() + " is already taken");
      }
      if (other.getSpec().getName().equals(network.getSpec().getName())) {
        throw new Rejected("network with name " + network.getSpec().getName() + " already exists");
      }
      if (other.getVni() == network.getVni()) {
        throw new Rejected("VXLAN id " + network.getVni() + " is already used by network " + other.getSpec().getName()
            + "; retry to get another");
      }
      for (var mine : network.getAllocatedList()) {
        for (var theirs : other.getAllocatedList()) {
          if (Ipv4Subnet.parse(mine.getSubnet()).overlaps(Ipv4Subnet.parse(theirs.getSubnet()))) {
            throw new Rejected("subnet " + mine.getSubnet() + " overlaps with network " + other.getSpec().getName()
                + " (" + theirs.getSubnet() + "); choose another --subnet");
          }
        }
      }
    }
    Network stored = network.toBuilder().setMeta(meta(null, at)).build();
    Map<String, Network> networks = new HashMap<>(state.networks());
    networks.put(stored.getId(), stored);
    return new Change(state.next(networks, state.attachments()), null, false, stored, null);
  }

  /** Refused while endpoints hold addresses on it, naming them (as Docker's "has active endpoints"). */
  private Change removeNetwork(String id) {
    Network network = state.networks().get(id);
    if (network == null) {
      throw new Rejected("network " + id + " not found");
    }
    var services = state.servicesOn(id);
    if (!services.isEmpty()) {
      throw new Rejected("network " + network.getSpec().getName() + " is in use by service(s) "
          + String.join(", ", services.stream().map(s -> s.getSpec().getName()).toList())
          + "; remove them or update them with --network-rm first");
    }
    // On the ingress network only the nodes' routing-mesh endpoints hold addresses: they go with it.
    var users = network.getSpec().getIngress() ? List.<Attachment>of() : state.attachmentsOn(id);
    if (!users.isEmpty()) {
      List<String> named = users.stream().limit(5).map(a -> a.getContainerName() + " on node " + a.getNodeId()).toList();
      throw new Rejected("network " + network.getSpec().getName() + " is in use by " + users.size() + " endpoint(s) ("
          + String.join(", ", named) + (users.size() > 5 ? ", …" : "") + "); remove or disconnect them first");
    }
    Map<String, Network> networks = new HashMap<>(state.networks());
    networks.remove(id);
    Map<String, Attachment> attachments = new HashMap<>(state.attachments());
    attachments.values().removeIf(a -> a.getNetworkId().equals(id));
    return new Change(state.next(networks, attachments), null, false);
  }

  /**
   * Records an address the proposer chose on an attachable network; the same request again (same
   * id, node and network) answers the stored attachment, so a node may retry safely.
   */
  private Change createAttachment(Attachment attachment, long at) {
    requireNode(attachment.getNodeId());
    Network network = state.networks().get(attachment.getNetworkId());
    if (network == null) {
      throw new Rejected("network " + attachment.getNetworkId() + " not found");
    }
    if (!network.getSpec().getAttachable() && !network.getSpec().getIngress()) {
      throw new Rejected("network " + network.getSpec().getName() + " is not manually attachable; "
          + "create it with --attachable to run standalone containers on it");
    }
    Attachment existing = state.attachments().get(attachment.getId());
    if (existing != null) {
      if (existing.getNodeId().equals(attachment.getNodeId()) && existing.getNetworkId().equals(attachment.getNetworkId())) {
        return new Change(null, null, true, null, existing);
      }
      throw new Rejected("endpoint id " + attachment.getId() + " is already taken");
    }
    String ip = attachment.getAddress().substring(0, attachment.getAddress().indexOf('/'));
    String holder = state.addressesOn(network.getId()).get(ip);
    if (holder != null) {
      throw new Rejected("Address already in use: " + ip + " on network " + network.getSpec().getName()
          + " (by " + holder + ")");
    }
    Attachment stored = attachment.toBuilder().setMeta(meta(null, at)).build();
    Map<String, Attachment> attachments = new HashMap<>(state.attachments());
    attachments.put(stored.getId(), stored);
    Map<String, Network> networks = new HashMap<>(state.networks());
    networks.put(network.getId(), network.toBuilder().setLastAllocated(ip).build());
    return new Change(state.next(networks, attachments), null, false, null, stored);
  }

  private Change removeAttachment(String id, String nodeId) {
    Attachment existing = state.attachments().get(id);
    if (existing == null) {
      return new Change(null, null, true);
    }
    if (!existing.getNodeId().equals(nodeId)) {
      throw new Rejected("endpoint " + id + " belongs to another node");
    }
    Map<String, Attachment> attachments = new HashMap<>(state.attachments());
    attachments.remove(id);
    return new Change(state.next(state.networks(), attachments), null, false);
  }

  /** Records a service the proposer allocated, after {@link ServiceRules#check} against this state. */
  private Change putService(Service service, boolean create, long at) {
    requireCluster();
    Service previous = state.services().get(service.getId());
    if (create && previous != null) {
      throw new Rejected("service id " + service.getId() + " is already taken");
    }
    if (!create && previous == null) {
      throw new Rejected("service " + service.getId() + " not found");
    }
    try {
      ServiceRules.check(service, state);
    } catch (IllegalArgumentException e) {
      throw new Rejected(e.getMessage());
    }
    Service stored = service.toBuilder().setMeta(meta(previous == null ? null : previous.getMeta(), at))
        .setSpecDigest(SpecDigest.of(service.getSpec())).build();
    Map<String, Service> services = new HashMap<>(state.services());
    services.put(stored.getId(), stored);
    return new Change(state.withServices(services), null, false, null, null, stored);
  }

  private Change removeService(String id) {
    if (!state.services().containsKey(id)) {
      throw new Rejected("service " + id + " not found");
    }
    Map<String, Service> services = new HashMap<>(state.services());
    services.remove(id);
    // Its tasks go with it: they leave the nodes' assignments, and the nodes stop them.
    Map<String, Task> tasks = new HashMap<>(state.tasks());
    tasks.values().removeIf(t -> t.getServiceId().equals(id));
    return new Change(state.withServicesAndTasks(services, tasks), null, false);
  }

  private Change putTasks(List<Task> batch, long at) {
    try {
      TaskRules.check(batch, state);
    } catch (IllegalArgumentException e) {
      throw new Rejected(e.getMessage());
    }
    Map<String, Task> tasks = new HashMap<>(state.tasks());
    for (Task t : batch) {
      Task previous = tasks.get(t.getId());
      tasks.put(t.getId(), t.toBuilder().setMeta(meta(previous == null ? null : previous.getMeta(), at)).build());
    }
    return new Change(state.withTasks(tasks), null, false);
  }

  /** A node's report: refused for a task it does not hold; a report that is not a step forward changes nothing. */
  private Change updateTaskStatus(UpdateTaskStatus update, long at) {
    Task task = state.tasks().get(update.getTaskId());
    if (task == null) {
      throw new Rejected("task " + update.getTaskId() + " not found");
    }
    if (!task.getNodeId().equals(update.getNodeId())) {
      throw new Rejected("task " + update.getTaskId() + " is not assigned to node " + update.getNodeId());
    }
    if (update.getStatus().getState().getNumber() <= task.getStatus().getState().getNumber()) {
      return new Change(null, null, true);
    }
    Map<String, Task> tasks = new HashMap<>(state.tasks());
    tasks.put(task.getId(), task.toBuilder().setStatus(update.getStatus()).setMeta(meta(task.getMeta(), at)).build());
    return new Change(state.withTasks(tasks), null, false);
  }

  private Change removeTasks(List<String> ids) {
    Map<String, Task> tasks = new HashMap<>(state.tasks());
    if (!tasks.keySet().removeAll(ids)) {
      return new Change(null, null, true);
    }
    return new Change(state.withTasks(tasks), null, false);
  }

  private Change putNode(Node node) {
    Map<String, Node> nodes = new HashMap<>(state.nodes());
    nodes.put(node.getId(), node);
    return commit(state.cluster(), nodes, state.removedNodeIds(), node);
  }

  private Change commit(Cluster cluster, Map<String, Node> nodes, Set<String> removed, Node node) {
    return new Change(new StoreState(state.version() + 1, cluster, nodes, removed, state.networks(),
        state.attachments(), state.services(), state.tasks()), node, false);
  }

  private Cluster requireCluster() {
    if (state.cluster() == null) {
      throw new Rejected("this node is not part of a swarm");
    }
    return state.cluster();
  }

  private Node requireNode(String id) {
    return state.node(id).orElseThrow(() -> new Rejected("node " + id + " not found"));
  }

  private static Meta meta(Meta previous, long at) {
    if (previous == null) {
      return Meta.newBuilder().setVersion(1).setCreatedUnixMs(at).setUpdatedUnixMs(at).build();
    }
    return previous.toBuilder().setVersion(previous.getVersion() + 1).setUpdatedUnixMs(at).build();
  }
}
