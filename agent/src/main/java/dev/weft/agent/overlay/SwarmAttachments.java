package dev.weft.agent.overlay;

import dev.weft.proto.AttachResponse;

/** The managers' side of attachments, as the overlay service needs it (a fake in unit tests). */
public interface SwarmAttachments {
  /**
   * Asks the managers for an address on an attachable swarm network.
   *
   * @throws IllegalArgumentException with the managers' message when they refuse
   */
  AttachResponse attach(String networkRef, String endpointId, String ipv4, String containerName);

  /** Frees an address; failures are logged, not thrown (the address is freed with the node at worst). */
  void detach(String endpointId);
}
