package dev.weft.security;

import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 requests a node sends to the CA; the CA ignores the subject and chooses its own. */
public final class CertificateRequest {
  private CertificateRequest() {}

  /** A new key pair and a PEM request signed with it. */
  public record Pending(KeyPair keyPair, String csrPem) {
    public String keyPem() {
      return Pem.privateKey(keyPair.getPrivate());
    }
  }

  public static Pending create() {
    KeyPair pair = Pem.newP256KeyPair();
    try {
      var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=weft-node"), pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new Pending(pair, Pem.writeObject(request));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("could not sign a certificate request", e);
    }
  }
}
