/**
 * Services in the managers: a user's {@link dev.weft.proto.ServiceSpec} checked and allocated into
 * a {@link dev.weft.proto.Service} (network references resolved to ids, a virtual IP per network
 * in vip mode, published ports chosen), before the commit on the manager that took the request;
 * the store checks the same rules again when it applies the action, so two managers choosing
 * from the same state cannot both commit a port or an address.
 *
 * <h2>What must hold</h2>
 *
 * <ul>
 *   <li>Pure: state in, service or {@link java.lang.IllegalArgumentException} with the user's
 *       message out; nothing is stored on a refusal.
 *   <li>Published ports are unique per protocol across services (an ingress port answers on every
 *       node); dynamic ones come from {@link ServiceAllocator#DYNAMIC_PORTS_FIRST}-{@link
 *       ServiceAllocator#DYNAMIC_PORTS_LAST}, Docker's range.
 *   <li>An address on a network is held by one attachment or virtual IP at most
 *       ({@link dev.weft.manager.store.StoreState#addressesOn}).
 * </ul>
 */
package dev.weft.manager.service;
