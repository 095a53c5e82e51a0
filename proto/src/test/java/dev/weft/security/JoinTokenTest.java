package dev.weft.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinTokenTest {
  private static X509Certificate ca;
  private static X509Certificate otherCa;

  @BeforeAll
  static void makeCas() {
    ca = TestCertificates.selfSigned("CN=weft-root-ca,O=cluster-a");
    // Same subject, different key: only the digest tells the two swarms apart.
    otherCa = TestCertificates.selfSigned("CN=weft-root-ca,O=cluster-a");
  }

  @Test
  void parseAcceptsEveryGeneratedToken() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      JoinToken token = JoinToken.generate(ca, random);
      String text = token.toString();
      assertTrue(text.startsWith(JoinToken.PREFIX), text);
      assertEquals(JoinToken.PREFIX.length() + 50 + 1 + 25, text.length(), text);
      assertEquals(token, JoinToken.parse(text));
      assertEquals(token, JoinToken.parse("  " + text + "\n"), "surrounding whitespace is ignored");
    }
  }

  @Test
  void generatedTokensCarryTheCaDigestAndFreshSecrets() {
    Random random = new Random(7);
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      JoinToken token = JoinToken.generate(ca, random);
      assertEquals(JoinToken.digestOf(ca), token.caDigest());
      secrets.add(token.secret());
    }
    assertEquals(50, secrets.size(), "each token gets its own secret");
  }

  @Test
  void generateIsReproducibleFromTheSeed() {
    assertEquals(JoinToken.generate(ca, new Random(99)), JoinToken.generate(ca, new Random(99)));
    assertNotEquals(JoinToken.generate(ca, new Random(99)), JoinToken.generate(ca, new Random(100)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "SWMTKN-1-",
      "SWMTKN-1-abc-def",
      // wrong version of the prefix
      "SWMTKN-2-00000000000000000000000000000000000000000000000000-0000000000000000000000000",
      // upper-case digits are not base 36 as written by weft
      "SWMTKN-1-0000000000000000000000000000000000000000000000000A-0000000000000000000000000",
      // 49-digit digest
      "SWMTKN-1-0000000000000000000000000000000000000000000000000-0000000000000000000000000",
      // 26-digit secret
      "SWMTKN-1-00000000000000000000000000000000000000000000000000-00000000000000000000000000",
      // trailing garbage
      "SWMTKN-1-00000000000000000000000000000000000000000000000000-0000000000000000000000000-x",
      // the secret is missing
      "SWMTKN-1-00000000000000000000000000000000000000000000000000",
      "swmtkn-1-00000000000000000000000000000000000000000000000000-0000000000000000000000000",
  })
  void parseRejectsMalformedTokensNamingTheFormat(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JoinToken.parse(text));
    assertTrue(e.getMessage().contains("SWMTKN-1-<50 base-36 digits>-<25 base-36 digits>"), e.getMessage());
  }

  @Test
  void parseRejectsNull() {
    assertThrows(IllegalArgumentException.class, () -> JoinToken.parse(null));
  }

  @Test
  void digestIsSha256OfTheDerInBase36PaddedTo50() throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(ca.getEncoded());
    String base36 = new BigInteger(1, sha).toString(36);
    String expected = "0".repeat(50 - base36.length()) + base36;
    assertEquals(expected, JoinToken.digestOf(ca));
  }

  @Test
  void digestIsStableForACertificateAndDiffersAcrossCas() {
    String digest = JoinToken.digestOf(ca);
    assertEquals(digest, JoinToken.digestOf(ca));
    assertEquals(digest, JoinToken.digestOf(Pem.parseCertificate(Pem.certificate(ca))),
        "a certificate read back from PEM has the same digest");
    assertNotEquals(digest, JoinToken.digestOf(otherCa));
  }

  @Test
  void base36PadsSmallValues() {
    assertEquals("0".repeat(25), JoinToken.base36(new byte[16], 25));
    assertEquals("0".repeat(24) + "z", JoinToken.base36(new byte[] {35}, 25));
  }

  @Test
  void matchesOnlyTheExactToken() {
    JoinToken token = JoinToken.generate(ca, new Random(1));
    String text = token.toString();
    assertTrue(token.matches(text));
    assertTrue(token.matches(" " + text + " "), "whitespace around the other text is ignored");
    assertFalse(token.matches(text.substring(0, text.length() - 1)), "a prefix is not the token");
    assertFalse(token.matches(text + "0"), "a longer text is not the token");
    assertFalse(token.matches(text.toUpperCase()));
    assertFalse(token.matches(""));
    String lastDigitChanged = text.substring(0, text.length() - 1)
        + (text.charAt(text.length() - 1) == '0' ? '1' : '0');
    assertFalse(token.matches(lastDigitChanged));
    JoinToken sameSecretOtherCa = new JoinToken(JoinToken.digestOf(otherCa), token.secret());
    assertFalse(token.matches(sameSecretOtherCa.toString()));
  }
}
