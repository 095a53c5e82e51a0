package dev.weft.manager.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proto.NodeRole;
import dev.weft.security.CertificateRequest;
import dev.weft.security.NodeIdentity;
import dev.weft.security.Pem;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RootCaTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String CLUSTER = "cluster-1";
  private static RootCa ca;

  @BeforeAll
  static void makeCa() {
    ca = RootCa.create(CLUSTER, NOW, new Random(1));
  }

  private static X509Certificate issue(String csrPem, NodeRole role) {
    return ca.issue(csrPem, new NodeIdentity("node-1", role, CLUSTER), NOW, new Random(2));
  }

  private static Set<String> dnsNames(X509Certificate cert) throws Exception {
    Set<String> names = new TreeSet<>();
    for (List<?> name : cert.getSubjectAlternativeNames()) {
      if ((Integer) name.get(0) == 2) { // dNSName
        names.add((String) name.get(1));
      }
    }
    return names;
  }

  private static String csr(String subject, KeyPair subjectKey, KeyPair signingKey, String algorithm)
      throws Exception {
    var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), subjectKey.getPublic())
        .build(new JcaContentSignerBuilder(algorithm).build(signingKey.getPrivate()));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(request);
    }
    return out.toString();
  }

  @Test
  void rootIsASelfSignedCaForTheCluster() throws Exception {
    X509Certificate root = ca.certificate();
    root.verify(root.getPublicKey());
    assertTrue(root.getBasicConstraints() >= 0, "the root is a CA");
    assertTrue(root.getSubjectX500Principal().getName().contains("O=" + CLUSTER));
    root.checkValidity(Date.from(NOW));
    root.checkValidity(Date.from(NOW.plus(RootCa.ROOT_VALIDITY).minusSeconds(1)));
  }

  @Test
  void workerCertificateVerifiesAndNamesTheNode() throws Exception {
    CertificateRequest.Pending request = CertificateRequest.create();
    X509Certificate cert = issue(request.csrPem(), NodeRole.NODE_ROLE_WORKER);

    cert.verify(ca.certificate().getPublicKey());
    assertEquals(ca.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertEquals(new NodeIdentity("node-1", NodeRole.NODE_ROLE_WORKER, CLUSTER), NodeIdentity.of(cert));
    assertArrayEquals(request.keyPair().getPublic().getEncoded(), cert.getPublicKey().getEncoded(),
        "the certificate is for the key in the request");
    assertEquals(-1, cert.getBasicConstraints(), "a node certificate is not a CA");
    assertEquals(Set.of("node-1"), dnsNames(cert), "a worker certificate cannot serve the manager API");
    cert.checkValidity(Date.from(NOW));
    assertEquals(NOW.plus(RootCa.NODE_VALIDITY), cert.getNotAfter().toInstant());
  }

  @Test
  void managerCertificateCarriesTheManagerServerName() throws Exception {
    X509Certificate cert = issue(CertificateRequest.create().csrPem(), NodeRole.NODE_ROLE_MANAGER);
    cert.verify(ca.certificate().getPublicKey());
    assertEquals(new NodeIdentity("node-1", NodeRole.NODE_ROLE_MANAGER, CLUSTER), NodeIdentity.of(cert));
    assertEquals(Set.of(NodeIdentity.MANAGER_SERVER_NAME, "node-1"), dnsNames(cert));
  }

  @Test
  void theSubjectInTheRequestIsIgnored() throws Exception {
    KeyPair key = Pem.newP256KeyPair();
    String pem = csr("CN=root,OU=" + NodeIdentity.MANAGER_OU + ",O=another-cluster", key, key, "SHA256withECDSA");
    X509Certificate cert = issue(pem, NodeRole.NODE_ROLE_WORKER);
    assertEquals(new NodeIdentity("node-1", NodeRole.NODE_ROLE_WORKER, CLUSTER), NodeIdentity.of(cert));
  }

  @Test
  void aRequestSignedByAnotherKeyIsRejected() throws Exception {
    String pem = csr("CN=x", Pem.newP256KeyPair(), Pem.newP256KeyPair(), "SHA256withECDSA");
    var e = assertThrows(IllegalArgumentException.class, () -> issue(pem, NodeRole.NODE_ROLE_WORKER));
    assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
  }

  @Test
  void textThatIsNotAPemRequestIsRejected() {
    for (String text : new String[] {
        "", "hello", "-----BEGIN CERTIFICATE REQUEST-----\nnot base64!\n-----END CERTIFICATE REQUEST-----\n",
        ca.certificatePem()}) {
      assertThrows(IllegalArgumentException.class, () -> issue(text, NodeRole.NODE_ROLE_WORKER), text);
    }
  }

  @Test
  void anRsaRequestIsRejected() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair key = rsa.generateKeyPair();
    String pem = csr("CN=x", key, key, "SHA256withRSA");
    var e = assertThrows(IllegalArgumentException.class, () -> issue(pem, NodeRole.NODE_ROLE_WORKER));
    assertTrue(e.getMessage().contains("ECDSA P-256"), e.getMessage());
  }

  @Test
  void aCaRestoredFromPemIssuesCertificatesTheOriginalRootVerifies() throws Exception {
    RootCa restored = RootCa.fromPem(ca.certificatePem(), ca.keyPem());
    assertEquals(ca.certificate(), restored.certificate());
    X509Certificate cert = restored.issue(CertificateRequest.create().csrPem(),
        new NodeIdentity("node-2", NodeRole.NODE_ROLE_WORKER, CLUSTER), NOW, new Random(3));
    cert.verify(ca.certificate().getPublicKey());
  }
}
