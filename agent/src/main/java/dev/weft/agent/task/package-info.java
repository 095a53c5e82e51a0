/**
 * Running the swarm tasks the managers give this node.
 *
 * <p>{@link dev.weft.agent.task.TaskActions} decides, purely, from the node's assignment (tasks and
 * their services) and the local task containers: which tasks to start, which containers to remove
 * (a task being shut down, or gone from the assignment), and which status to report (running,
 * complete or failed when a container ends, shutdown once it is removed). A state is reported once
 * and only forward; the managers ignore anything else. The daemon executes the actions.
 */
package dev.weft.agent.task;
