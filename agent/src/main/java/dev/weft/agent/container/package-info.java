/**
 * Containers: a command run in its own network and UTS namespaces, with its own /etc/hosts and
 * /etc/resolv.conf, sharing the host's filesystem otherwise (weft is a network system; no images).
 *
 * <p>Start: a named network namespace ({@link dev.weft.agent.container.Sandbox}), one endpoint per
 * network (address allocated serially, MAC derived from it), then the process through
 * {@code ip netns exec NS unshare --uts …} so it sees the namespace's hosts and resolv.conf files
 * ({@link dev.weft.agent.container.Launcher}). Exit (observed by the supervisor, also for
 * processes adopted after a daemon restart): the namespace and its interfaces go, the addresses
 * are released, published ports are withdrawn. What must hold: a container that is not running
 * holds no kernel object and no address.
 */
package dev.weft.agent.container;
