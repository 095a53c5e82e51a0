/**
 * The routing mesh of one host in nftables, instead of IPVS: a port a service publishes in ingress
 * mode answers on every address of the host, and each new connection is DNATed to the next of the
 * service's running tasks on the ingress network ({@code numgen inc} over a map, as kube-proxy's
 * nftables mode balances), wherever in the swarm the task runs. The connection leaves through the
 * host's own endpoint on the ingress network and is masqueraded to that endpoint's address, so the
 * task's reply comes back through the same host, which undoes both translations.
 *
 * <p>Pure: {@link dev.weft.ingress.mesh.MeshRules#render} sorts its input and renders one
 * {@code nft -f} script that replaces the table atomically, so a task that is gone is never
 * chosen again once the script is applied; conntrack keeps established connections where they are.
 */
package dev.weft.ingress.mesh;
