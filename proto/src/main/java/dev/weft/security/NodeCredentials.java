package dev.weft.security;

import dev.weft.proto.NodeRole;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

/**
 * A node's key, its certificate and the root CA it trusts, as PEM text; and the gRPC credentials
 * made from them.
 */
public record NodeCredentials(String keyPem, String certPem, String caCertPem) {

  public NodeIdentity identity() {
    return NodeIdentity.of(certificate());
  }

  public X509Certificate certificate() {
    return Pem.parseCertificate(certPem);
  }

  public NodeRole role() {
    return identity().role();
  }

  /** Credentials for calling managers: present our certificate, trust only the swarm's CA. */
  public ChannelCredentials channelCredentials() {
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(stream(certPem), stream(keyPem))
          .trustManager(stream(caCertPem))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Credentials for a manager's server. Client certificates are optional at the TLS layer so that
   * a joining node (which has none yet) can reach the CA; every other service is refused by
   * {@code PeerAuthorizer}-style checks to callers without a valid certificate.
   */
  public ServerCredentials serverCredentials() {
    try {
      return TlsServerCredentials.newBuilder()
          .keyManager(stream(certPem), stream(keyPem))
          .trustManager(stream(caCertPem))
          .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Credentials for a node without a certificate yet: it only trusts the pinned CA. */
  public static ChannelCredentials anonymous(String caCertPem) {
    try {
      return TlsChannelCredentials.newBuilder().trustManager(stream(caCertPem)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
