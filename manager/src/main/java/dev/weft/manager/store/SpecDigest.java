package dev.weft.manager.store;

import dev.weft.proto.EndpointSpec;
import dev.weft.proto.ServiceSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest of the part of a service's spec that its tasks are made from: command, environment,
 * networks and published ports. A task whose {@code spec_digest} differs from its service's was
 * made from an older spec and is replaced by a rolling update; replicas and update settings are
 * not part of it, so scaling replaces nothing. Pure and stable across managers (the same spec
 * always serializes to the same bytes).
 */
public final class SpecDigest {
  private SpecDigest() {}

  /** The first 8 bytes of SHA-256 over the task part of {@code spec}. */
  public static long of(ServiceSpec spec) {
    ServiceSpec taskPart = ServiceSpec.newBuilder().addAllCommand(spec.getCommandList()).addAllEnv(spec.getEnvList())
        .addAllNetworks(spec.getNetworksList())
        .setEndpoint(EndpointSpec.newBuilder().addAllPorts(spec.getEndpoint().getPortsList())).build();
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(taskPart.toByteArray());
      long d = 0;
      for (int i = 0; i < 8; i++) {
        d = (d << 8) | (sha[i] & 0xff);
      }
      return d;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
