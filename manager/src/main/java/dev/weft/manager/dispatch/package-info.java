/**
 * What the managers tell each agent to hold, as a stream: a full set first, then deltas chained
 * by store version (STYLE.md §3). {@link dev.weft.manager.dispatch.NodeAssignments} computes a
 * node's set and the delta between two sets without I/O; {@link
 * dev.weft.manager.dispatch.AssignmentStreams} keeps the open streams and sends, on one thread, in
 * store order. Any manager serves streams: every manager applies the same log.
 */
package dev.weft.manager.dispatch;
