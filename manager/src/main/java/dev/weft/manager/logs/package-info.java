/**
 * {@code weft service logs}: every node keeps a log stream open with each manager; the manager
 * that a user asks plans which node holds which of the service's tasks ({@link
 * dev.weft.manager.logs.LogPlan}, pure), asks those nodes on their streams and passes their lines
 * on, each named by its task and node ({@link dev.weft.manager.logs.LogBroker}). Nothing goes
 * through Raft: a request lives as long as the user's call.
 */
package dev.weft.manager.logs;
