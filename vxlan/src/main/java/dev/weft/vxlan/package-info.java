/**
 * The overlay data plane on one host: VXLAN devices, bridges and forwarding entries per network.
 *
 * <p>This package will plan kernel changes from desired and observed state (pure), render them as
 * one {@code ip -batch} script (pure) and hand that to a single executor. What must hold: planning
 * and rendering read no clock and touch no kernel, so they are tested without root; sizes such as
 * the overlay MTU ({@link dev.weft.vxlan.OverlayMtu}) are pure functions of their inputs.
 */
package dev.weft.vxlan;
