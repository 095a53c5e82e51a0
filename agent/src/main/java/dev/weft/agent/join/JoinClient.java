package dev.weft.agent.join;

import dev.weft.proto.Empty;
import dev.weft.proto.IssueNodeCertificateRequest;
import dev.weft.proto.IssueNodeCertificateResponse;
import dev.weft.proto.NodeCAGrpc;
import dev.weft.proto.RenewNodeCertificateRequest;
import dev.weft.security.CertificateRequest;
import dev.weft.security.JoinToken;
import dev.weft.security.ManagerChannels;
import dev.weft.security.NodeCredentials;
import dev.weft.security.Pem;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** Obtains a node certificate from a manager: by join token, or by renewal with the current one. */
public final class JoinClient {
  /** How long one join call may take. */
  static final long CALL_TIMEOUT_SECONDS = 15;

  /** The result of a join: the node's credentials and what the manager said about the swarm. */
  public record Joined(NodeCredentials credentials, IssueNodeCertificateResponse response) {}

  /** Who the joining node says it is. */
  public record Description(String hostname, String advertiseAddr, String dataPathAddr, String version) {}

  private JoinClient() {}

  public static Joined join(String managerAddr, String tokenText, Description me) {
    JoinToken token = JoinToken.parse(tokenText);
    String caPem = fetchPinnedRootCa(managerAddr, token);
    CertificateRequest.Pending request = CertificateRequest.create();
    ManagedChannel channel = ManagerChannels.open(managerAddr, NodeCredentials.anonymous(caPem));
    try {
      IssueNodeCertificateResponse response = NodeCAGrpc.newBlockingStub(channel)
          .withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .issueNodeCertificate(IssueNodeCertificateRequest.newBuilder()
              .setToken(token.toString())
              .setCsrPem(request.csrPem())
              .setHostname(me.hostname())
              .setAdvertiseAddr(me.advertiseAddr())
              .setDataPathAddr(me.dataPathAddr())
              .setOs(System.getProperty("os.name").toLowerCase())
              .setArch(System.getProperty("os.arch"))
              .setVersion(me.version())
              .build());
      return new Joined(new NodeCredentials(request.keyPem(), response.getCertPem(), response.getCaCertPem()), response);
    } finally {
      ManagerChannels.close(channel);
    }
  }

  /** A new certificate for the role the swarm now holds for this node (after promote or demote). */
  public static Joined renew(String managerAddr, NodeCredentials current) {
    CertificateRequest.Pending request = CertificateRequest.create();
    ManagedChannel channel = ManagerChannels.open(managerAddr, current.channelCredentials());
    try {
      IssueNodeCertificateResponse response = NodeCAGrpc.newBlockingStub(channel)
          .withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .renewNodeCertificate(RenewNodeCertificateRequest.newBuilder().setCsrPem(request.csrPem()).build());
      return new Joined(new NodeCredentials(request.keyPem(), response.getCertPem(), current.caCertPem()), response);
    } finally {
      ManagerChannels.close(channel);
    }
  }

  /**
   * Fetches the manager's root CA without trusting the connection, and accepts it only if its
   * digest is the token's.
   */
  static String fetchPinnedRootCa(String managerAddr, JoinToken token) {
    ManagedChannel channel = ManagerChannels.open(managerAddr,
        TlsChannelCredentials.newBuilder().trustManager(new AcceptAnyServer()).build());
    String caPem;
    try {
      caPem = NodeCAGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .getRootCACertificate(Empty.getDefaultInstance()).getCertPem();
    } catch (StatusRuntimeException e) {
      throw e;
    } finally {
      ManagerChannels.close(channel);
    }
    X509Certificate ca = Pem.parseCertificate(caPem);
    if (!JoinToken.digestOf(ca).equals(token.caDigest())) {
      throw new SecurityException("the manager at " + managerAddr + " presented a root CA whose digest does "
          + "not match the join token: the token is for another swarm, or something is impersonating the "
          + "manager; nothing was sent");
    }
    return caPem;
  }

  /**
   * Used only to read the CA certificate, which is then checked against the token's digest. An
   * extended trust manager, so that no TLS provider adds checks of its own (host names).
   */
  private static final class AcceptAnyServer extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("this trust manager only reads a server's CA");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) { }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
