/**
 * Planning one overlay network's sandbox on one host, purely: from what should be
 * ({@link dev.weft.vxlan.plan.DesiredSandbox}) and what the kernel holds
 * ({@link dev.weft.vxlan.plan.ObservedSandbox}) to the {@code ip} lines that close the gap
 * ({@link dev.weft.vxlan.plan.SandboxPlan}).
 *
 * <p>Layout: a namespace per network per host holding the network's vxlan device, created in the
 * host namespace — where the underlay address lives, so its UDP socket can send — and then moved
 * into the sandbox (DATAPLANE.md's recipe). Unlike Docker, there is no bridge: each endpoint is a
 * macvlan device on the vxlan device ({@link dev.weft.vxlan.plan.OverlayPlanner#endpointLink}),
 * which saves a veth hop and a bridge on every packet. Every remote
 * endpoint gets a permanent neighbour entry and an FDB entry pointing at its host's VTEP, both
 * with {@code replace} (never {@code append}, which keeps a stale destination). What must hold:
 * the plan is sorted and idempotent — planning again against the result yields nothing — and
 * a vxlan device that exists with other settings is re-created, with the reason
 * ({@link dev.weft.vxlan.plan.VxlanSettings#differences}) logged by the caller.
 */
package dev.weft.vxlan.plan;
