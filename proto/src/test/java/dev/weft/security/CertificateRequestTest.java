package dev.weft.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificateRequestTest {

  @Test
  void createProducesASignedPemRequestForItsOwnKey() throws Exception {
    CertificateRequest.Pending pending = CertificateRequest.create();
    assertTrue(pending.csrPem().startsWith("-----BEGIN CERTIFICATE REQUEST-----"), pending.csrPem());

    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pending.csrPem()))) {
      parsed = parser.readObject();
    }
    var request = new JcaPKCS10CertificationRequest(assertInstanceOf(PKCS10CertificationRequest.class, parsed));
    assertTrue(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey())));
    assertArrayEquals(pending.keyPair().getPublic().getEncoded(), request.getPublicKey().getEncoded());
    assertTrue(request.getPublicKey().getAlgorithm().equals("EC"));
  }

  @Test
  void keyPemIsPkcs8OfTheRequestKey() {
    CertificateRequest.Pending pending = CertificateRequest.create();
    assertTrue(pending.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "gRPC TLS needs PKCS#8");
    assertArrayEquals(pending.keyPair().getPrivate().getEncoded(),
        Pem.parsePrivateKey(pending.keyPem()).getEncoded());
  }

  @Test
  void everyRequestHasItsOwnKey() {
    assertFalse(java.util.Arrays.equals(
        CertificateRequest.create().keyPair().getPublic().getEncoded(),
        CertificateRequest.create().keyPair().getPublic().getEncoded()));
  }
}
