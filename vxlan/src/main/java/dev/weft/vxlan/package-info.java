/**
 * The overlay data plane on one host: VXLAN devices, bridges and forwarding entries per network.
 *
 * <p>Kernel changes are planned from desired and observed state and rendered as {@code ip -batch} /
 * {@code bridge -batch} lines, both pure ({@link dev.weft.vxlan.plan}); one executor runs them. What must hold: planning
 * and rendering read no clock and touch no kernel, so they are tested without root; sizes such as
 * the overlay MTU ({@link dev.weft.vxlan.OverlayMtu}) are pure functions of their inputs.
 */
package dev.weft.vxlan;
