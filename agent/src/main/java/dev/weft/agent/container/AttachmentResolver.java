package dev.weft.agent.container;

import dev.weft.agent.network.Drivers;
import dev.weft.agent.network.LocalRegistry;
import dev.weft.proto.LocalNetwork;
import dev.weft.proto.NetworkAttachmentSpec;
import java.util.List;

/**
 * Turns a network a user named for a container ({@code --network}, {@code network connect}) into
 * an attachment: a local network by name or id, checked against what its driver allows; a swarm
 * network through the managers ({@link SwarmEndpoints}). Called with the registry's lock held.
 */
final class AttachmentResolver {
  private final LocalRegistry registry;
  private final SwarmEndpoints swarm;

  AttachmentResolver(LocalRegistry registry, SwarmEndpoints swarm) {
    this.registry = registry;
    this.swarm = swarm;
  }

  /**
   * A local network by name or id; a swarm network (not known here, or an overlay known here) gets
   * a new attachment from the managers.
   */
  NetworkAttachmentSpec resolve(NetworkAttachmentSpec a, String containerName, String taskId, int count,
      List<NetworkAttachmentSpec> swarmAttached) {
    LocalNetwork network = null;
    try {
      network = registry.network(a.getNetwork());
    } catch (LocalRegistry.NotFoundException e) {
      if (!swarm.active()) {
        throw e;
      }
    }
    if (network == null || network.getSpec().getDriver().equals(Drivers.OVERLAY)) {
      return swarm.attach(network, a, containerName, swarmAttached, taskId);
    }
    checkAttachment(network, a, count);
    return a.toBuilder().setNetwork(network.getId()).build();
  }

  private void checkAttachment(LocalNetwork network, NetworkAttachmentSpec a, int count) {
    String driver = network.getSpec().getDriver();
    boolean builtin = network.getBuiltin();
    if ((driver.equals(Drivers.HOST) || driver.equals(Drivers.NULL)) && count > 1) {
      throw new IllegalArgumentException("container cannot be connected to the " + network.getSpec().getName()
          + " network and to other networks");
    }
    if (!a.getIpv4().isBlank() && (builtin || !Drivers.carriesAddresses(driver))) {
      throw new IllegalArgumentException("user specified IP address is supported only on user defined networks");
    }
    if (a.getAliasesCount() > 0 && (builtin || !Drivers.carriesAddresses(driver))) {
      throw new IllegalArgumentException("network-scoped alias is supported only for containers in user defined networks");
    }
  }
}
