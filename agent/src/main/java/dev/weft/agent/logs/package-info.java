/**
 * Task logs for {@code weft service logs}: every node keeps a log stream open with each manager
 * ({@link dev.weft.agent.logs.LogPublisher}); a manager asks on it for the lines of some of the
 * node's tasks and the node answers on the same stream, reading the tasks' log files
 * ({@link dev.weft.agent.logs.LogTail}) and cutting them into lines ({@link dev.weft.agent.logs.LineSplitter}).
 */
package dev.weft.agent.logs;
