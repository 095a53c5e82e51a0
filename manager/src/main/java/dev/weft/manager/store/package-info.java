/**
 * The cluster's state as plain Java: {@link dev.weft.manager.store.ClusterStore} applies
 * {@link dev.weft.proto.StoreAction}s to an immutable {@link dev.weft.manager.store.StoreState}.
 *
 * <p>What must hold: {@code apply} is deterministic — it reads no clock, no randomness and does no
 * I/O; every value it stores came in the action. An action that does not fit the current state
 * (an unknown node, a stale token, demoting the last manager) is rejected with a message meant for
 * the user and changes nothing. Readers see whole states: each successful apply publishes a new
 * immutable {@code StoreState} with the version increased by one.
 */
package dev.weft.manager.store;
