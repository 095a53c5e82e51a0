package dev.weft.manager.raft;

import dev.weft.security.NodeIdentity;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for the Raft transport: the chain must lead to the swarm's CA and the peer must hold a
 * manager certificate of this swarm. Host names are not checked (Ratis would check the peer's
 * address against the certificate, and node certificates name nodes, not addresses): the CA and
 * the role in the certificate are what identify a Raft peer.
 */
final class ManagerOnlyTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager chain;
  private final String clusterId;

  ManagerOnlyTrustManager(X509ExtendedTrustManager chain, String clusterId) {
    this.chain = chain;
    this.clusterId = clusterId;
  }

  private void requireManager(X509Certificate[] certificates) throws CertificateException {
    NodeIdentity identity;
    try {
      identity = NodeIdentity.of(certificates[0]);
    } catch (IllegalArgumentException e) {
      throw new CertificateException(e.getMessage());
    }
    if (!identity.isManager() || !identity.clusterId().equals(clusterId)) {
      throw new CertificateException("Raft peers must hold a manager certificate of swarm " + clusterId);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] c, String auth) throws CertificateException {
    chain.checkClientTrusted(c, auth);
    requireManager(c);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] c, String auth) throws CertificateException {
    chain.checkServerTrusted(c, auth);
    requireManager(c);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] c, String auth, Socket s) throws CertificateException {
    checkClientTrusted(c, auth);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] c, String auth, Socket s) throws CertificateException {
    checkServerTrusted(c, auth);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] c, String auth, SSLEngine e) throws CertificateException {
    checkClientTrusted(c, auth);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] c, String auth, SSLEngine e) throws CertificateException {
    checkServerTrusted(c, auth);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chain.getAcceptedIssuers();
  }
}
