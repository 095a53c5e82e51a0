package dev.weft.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.NodeRole;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {

  @Test
  void readsNodeIdRoleAndClusterFromTheSubject() {
    var manager = NodeIdentity.of(TestCertificates.selfSigned("O=cluster-1,OU=weft-manager,CN=node-1"));
    assertEquals(new NodeIdentity("node-1", NodeRole.NODE_ROLE_MANAGER, "cluster-1"), manager);
    assertTrue(manager.isManager());

    var worker = NodeIdentity.of(TestCertificates.selfSigned("CN=node-2,OU=weft-worker,O=cluster-1"));
    assertEquals(new NodeIdentity("node-2", NodeRole.NODE_ROLE_WORKER, "cluster-1"), worker);
    assertFalse(worker.isManager());
  }

  @Test
  void valuesWithSpecialCharactersComeBackUnescaped() {
    var identity = NodeIdentity.of(TestCertificates.selfSigned("CN=a\\,b,OU=weft-worker,O=c\\+d"));
    assertEquals("a,b", identity.nodeId());
    assertEquals("c+d", identity.clusterId());
  }

  @Test
  void unknownRoleIsRejected() {
    var cert = TestCertificates.selfSigned("CN=node-1,OU=weft-admin,O=cluster-1");
    var e = assertThrows(IllegalArgumentException.class, () -> NodeIdentity.of(cert));
    assertTrue(e.getMessage().contains("unknown role weft-admin"), e.getMessage());
  }

  @Test
  void subjectWithoutAllThreePartsIsNotANodeCertificate() {
    for (String subject : new String[] {
        "CN=node-1,OU=weft-worker", "CN=node-1,O=cluster-1", "OU=weft-worker,O=cluster-1",
        "CN=weft-root-ca,O=cluster-1"}) {
      var cert = TestCertificates.selfSigned(subject);
      var e = assertThrows(IllegalArgumentException.class, () -> NodeIdentity.of(cert), subject);
      assertTrue(e.getMessage().contains("is not a weft node's"), e.getMessage());
    }
  }

  @Test
  void organizationalUnitMatchesWhatOfReads() {
    for (NodeRole role : new NodeRole[] {NodeRole.NODE_ROLE_MANAGER, NodeRole.NODE_ROLE_WORKER}) {
      var cert = TestCertificates.selfSigned(
          "CN=n,OU=" + NodeIdentity.organizationalUnit(role) + ",O=c");
      assertEquals(role, NodeIdentity.of(cert).role());
    }
  }
}
