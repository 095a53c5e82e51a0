package dev.weft.manager.ca;

import dev.weft.proto.NodeRole;
import dev.weft.security.NodeIdentity;
import dev.weft.security.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** A root CA key and certificate that sign node certificates. */
public final class RootCa {
  /** Root CA lifetime, as Docker Swarm's default (20 years). */
  public static final Duration ROOT_VALIDITY = Duration.ofDays(365L * 20);
  /** Node certificate lifetime, as Docker Swarm's default (90 days). */
  public static final Duration NODE_VALIDITY = Duration.ofDays(90);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final X509Certificate certificate;
  private final PrivateKey key;

  public RootCa(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  public static RootCa fromPem(String certPem, String keyPem) {
    return new RootCa(Pem.parseCertificate(certPem), Pem.parsePrivateKey(keyPem));
  }

  /** Makes a new self-signed root CA for a new swarm. */
  public static RootCa create(String clusterId, Instant now, RandomGenerator random) {
    KeyPair pair = Pem.newP256KeyPair();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, "weft-root-ca").addRDN(BCStyle.O, clusterId).build();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          name, serial(random), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(ROOT_VALIDITY)), name, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      X509Certificate cert = sign(builder, pair.getPrivate());
      return new RootCa(cert, pair.getPrivate());
    } catch (IOException e) {
      throw new IllegalStateException("could not build the root CA", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public String keyPem() {
    return Pem.privateKey(key);
  }

  /**
   * Signs a node certificate for the public key in {@code csrPem}. Whatever subject the request
   * names is ignored: the CA alone decides the node id, the role and the cluster.
   */
  public X509Certificate issue(
      String csrPem, NodeIdentity identity, Instant now, RandomGenerator random) {
    PublicKey publicKey = verifiedKey(csrPem);
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, identity.clusterId())
        .addRDN(BCStyle.OU, NodeIdentity.organizationalUnit(identity.role()))
        .addRDN(BCStyle.CN, identity.nodeId())
        .build();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          certificate, serial(random), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(NODE_VALIDITY)), subject, publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      GeneralNames names = identity.role() == NodeRole.NODE_ROLE_MANAGER
          ? new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, NodeIdentity.MANAGER_SERVER_NAME),
              new GeneralName(GeneralName.dNSName, identity.nodeId())})
          : new GeneralNames(new GeneralName(GeneralName.dNSName, identity.nodeId()));
      builder.addExtension(Extension.subjectAlternativeName, false, names);
      return sign(builder, key);
    } catch (IOException e) {
      throw new IllegalStateException("could not sign a node certificate", e);
    }
  }

  private static PublicKey verifiedKey(String csrPem) {
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      Object object = parser.readObject();
      if (!(object instanceof PKCS10CertificationRequest csr)) {
        throw new IllegalArgumentException("the certificate request is not a PEM PKCS#10 request");
      }
      JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr);
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()))) {
        throw new IllegalArgumentException("the certificate request's signature does not verify");
      }
      PublicKey key = request.getPublicKey();
      if (!key.getAlgorithm().equals("EC")) {
        throw new IllegalArgumentException("node keys must be ECDSA P-256, not " + key.getAlgorithm());
      }
      return key;
    } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException("unreadable certificate request: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  private static BigInteger serial(RandomGenerator random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return new BigInteger(1, bytes);
  }
}
