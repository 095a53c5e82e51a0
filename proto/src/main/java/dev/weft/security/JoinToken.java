package dev.weft.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A join token, {@code SWMTKN-1-<digest of the root CA>-<secret>}, as Docker Swarm writes them.
 *
 * <p>The digest is SHA-256 of the root CA certificate (DER), in base 36, zero-padded to 50 digits;
 * a joining node compares it with the certificate the manager shows before trusting it. The
 * secret is 128 random bits in base 36, zero-padded to 25 digits; it says which role the token
 * grants (the worker and the manager tokens have different secrets).
 */
public record JoinToken(String caDigest, String secret) {
  public static final String PREFIX = "SWMTKN-1-";
  static final int DIGEST_DIGITS = 50;
  static final int SECRET_DIGITS = 25;
  private static final Pattern FORMAT =
      Pattern.compile("SWMTKN-1-([0-9a-z]{" + DIGEST_DIGITS + "})-([0-9a-z]{" + SECRET_DIGITS + "})");

  /** Parses a token, naming what is wrong when it is not one. */
  public static JoinToken parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher m = FORMAT.matcher(trimmed);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid join token: expected " + PREFIX + "<50 base-36 digits>-<25 base-36 digits>; "
              + "copy the token printed by 'weft swarm join-token worker|manager' on a manager");
    }
    return new JoinToken(m.group(1), m.group(2));
  }

  public static JoinToken generate(X509Certificate rootCa, RandomGenerator random) {
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    return new JoinToken(digestOf(rootCa), base36(secret, SECRET_DIGITS));
  }

  /** The digest a token must carry for the given root CA. */
  public static String digestOf(X509Certificate rootCa) {
    try {
      return base36(MessageDigest.getInstance("SHA-256").digest(rootCa.getEncoded()), DIGEST_DIGITS);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of the whole token with another token text. */
  public boolean matches(String other) {
    return MessageDigest.isEqual(
        toString().getBytes(StandardCharsets.US_ASCII),
        other.trim().getBytes(StandardCharsets.US_ASCII));
  }

  static String base36(byte[] bytes, int digits) {
    String text = new BigInteger(1, bytes).toString(36);
    return "0".repeat(Math.max(0, digits - text.length())) + text;
  }

  @Override
  public String toString() {
    return PREFIX + caDigest + "-" + secret;
  }
}
