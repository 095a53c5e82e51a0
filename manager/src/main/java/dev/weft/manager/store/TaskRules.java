package dev.weft.manager.store;

import dev.weft.proto.Task;
import dev.weft.proto.TaskAttachment;
import dev.weft.proto.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of task writes must respect: the service exists, a node it names exists, state and
 * desired state never go backwards, and no address on a network is held twice. Pure; a refusal is
 * an {@link IllegalArgumentException}.
 */
public final class TaskRules {
  private TaskRules() {}

  public static void check(List<Task> tasks, StoreState state) {
    Map<String, String> claimed = new HashMap<>();
    for (Task t : tasks) {
      if (!state.services().containsKey(t.getServiceId())) {
        throw new IllegalArgumentException("service " + t.getServiceId() + " of task " + t.getId() + " not found");
      }
      if (!t.getNodeId().isEmpty() && !state.nodes().containsKey(t.getNodeId())) {
        throw new IllegalArgumentException("node " + t.getNodeId() + " of task " + t.getId() + " not found");
      }
      Task stored = state.tasks().get(t.getId());
      if (stored != null) {
        if (t.getStatus().getState().getNumber() < stored.getStatus().getState().getNumber()) {
          throw new IllegalArgumentException("task " + t.getId() + " cannot go back from "
              + name(stored.getStatus().getState()) + " to " + name(t.getStatus().getState()));
        }
        if (stored.getDesiredState() == TaskState.TASK_STATE_SHUTDOWN
            && t.getDesiredState() != TaskState.TASK_STATE_SHUTDOWN) {
          throw new IllegalArgumentException("task " + t.getId() + " is being shut down and cannot be revived");
        }
        if (!stored.getNodeId().isEmpty() && !stored.getNodeId().equals(t.getNodeId())) {
          throw new IllegalArgumentException("task " + t.getId() + " is on node " + stored.getNodeId()
              + " and cannot move; a replacement task is made instead");
        }
      }
      for (TaskAttachment a : t.getAttachmentsList()) {
        if (!state.networks().containsKey(a.getNetworkId())) {
          throw new IllegalArgumentException("network " + a.getNetworkId() + " of task " + t.getId() + " not found");
        }
        String ip = a.getAddress().substring(0, a.getAddress().indexOf('/'));
        String key = a.getNetworkId() + "/" + ip;
        String holder = state.addressesOn(a.getNetworkId()).get(ip);
        boolean own = stored != null && stored.getAttachmentsList().contains(a);
        if ((holder != null && !own) || claimed.put(key, t.getId()) != null) {
          throw new IllegalArgumentException("Address already in use: " + ip + " (by "
              + (holder != null ? holder : "task " + claimed.get(key)) + ")");
        }
      }
    }
  }

  /** A state's name as Docker shows it: "running", "shutdown". */
  public static String name(TaskState state) {
    return state.name().substring("TASK_STATE_".length()).toLowerCase(java.util.Locale.ROOT);
  }
}
