/**
 * The agent's session with the managers: a heartbeat to the leader every period.
 *
 * <p>States (one {@link dev.weft.agent.session.AgentSession} per joined node):
 * <pre>
 *   SEEKING  --accepted heartbeat-->            CONNECTED
 *   SEEKING  --"not leader, leader is at X"-->  SEEKING (X next, at once)
 *   SEEKING  --error/timeout-->                 SEEKING (next known manager)
 *   CONNECTED --error/timeout/redirect-->       SEEKING
 *   any      --"node removed"-->                REMOVED (stops beating)
 * </pre>
 * Every accepted heartbeat refreshes the list of managers (so a node whose only known manager
 * died still finds the others) and tells the node which role it should hold; a difference from
 * the role in its certificate is handed to the {@link dev.weft.agent.session.SessionListener}.
 */
package dev.weft.agent.session;
