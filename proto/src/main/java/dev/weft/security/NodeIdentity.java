package dev.weft.security;

import dev.weft.proto.NodeRole;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a certificate says its holder is.
 *
 * @param nodeId the node's id (the certificate's CN)
 * @param role the role the certificate grants (its OU)
 * @param clusterId the swarm the certificate belongs to (its O)
 */
public record NodeIdentity(String nodeId, NodeRole role, String clusterId) {
  /** The DNS name in every manager certificate; clients verify managers against it. */
  public static final String MANAGER_SERVER_NAME = "weft-manager";

  public static final String MANAGER_OU = "weft-manager";
  public static final String WORKER_OU = "weft-worker";

  public static String organizationalUnit(NodeRole role) {
    return role == NodeRole.NODE_ROLE_MANAGER ? MANAGER_OU : WORKER_OU;
  }

  public boolean isManager() {
    return role == NodeRole.NODE_ROLE_MANAGER;
  }

  /** Reads the identity from a certificate issued by a weft CA. */
  public static NodeIdentity of(X509Certificate certificate) {
    String cn = null;
    String ou = null;
    String o = null;
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        switch (rdn.getType().toUpperCase()) {
          case "CN" -> cn = rdn.getValue().toString();
          case "OU" -> ou = rdn.getValue().toString();
          case "O" -> o = rdn.getValue().toString();
          default -> { }
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("unreadable certificate subject", e);
    }
    if (cn == null || ou == null || o == null) {
      throw new IllegalArgumentException(
          "certificate subject " + certificate.getSubjectX500Principal() + " is not a weft node's");
    }
    NodeRole role = switch (ou) {
      case MANAGER_OU -> NodeRole.NODE_ROLE_MANAGER;
      case WORKER_OU -> NodeRole.NODE_ROLE_WORKER;
      default -> throw new IllegalArgumentException("unknown role " + ou + " in certificate");
    };
    return new NodeIdentity(cn, role, o);
  }
}
