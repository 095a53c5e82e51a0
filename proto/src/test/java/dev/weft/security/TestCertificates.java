package dev.weft.security;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for tests; proto cannot use the manager's CA. */
final class TestCertificates {
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private TestCertificates() {}

  /** A self-signed P-256 certificate with the given RFC 4514 subject and a fresh key. */
  static X509Certificate selfSigned(String subject) {
    return selfSigned(subject, Pem.newP256KeyPair());
  }

  static X509Certificate selfSigned(String subject, KeyPair pair) {
    try {
      X500Name name = new X500Name(subject);
      var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(NOW),
          Date.from(NOW.plus(Duration.ofDays(1))), name, pair.getPublic());
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
