/**
 * The one place where the agent runs kernel tools: {@code ip} (links, addresses, routes and
 * named network namespaces, in batches) and {@code nft} (whole tables, replaced atomically).
 *
 * <p>Callers plan what they want as text for these tools (pure, testable without root), then hand
 * it to {@link dev.weft.agent.kernel.Kernel}. A failing tool raises a
 * {@link dev.weft.agent.kernel.KernelException} carrying what the tool printed. Names of the
 * kernel objects a daemon owns start with its {@link dev.weft.agent.kernel.KernelNames#prefix()},
 * so daemons sharing a host never touch each other's objects, and a restarted daemon can find
 * its own.
 */
package dev.weft.agent.kernel;
