package org.vdpacompute.app.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The key algorithms a listener's key may be of, and whether a private key is a certificate's. */
final class KeyPairs {
  private KeyPairs() {}

  /** The JDK's name of a PKCS#8 key's algorithm. */
  static String algorithm(PrivateKeyInfo key) throws GeneralSecurityException {
    var oid = key.getPrivateKeyAlgorithm().getAlgorithm();
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) return "RSA";
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) return "EC";
    throw new GeneralSecurityException("a key of algorithm " + oid + ", not RSA or EC");
  }

  /** Whether a signature of the private key verifies with the public key: the two are one pair. */
  static boolean match(PrivateKey privateKey, PublicKey publicKey) {
    String scheme = switch (privateKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> null;
    };
    if (scheme == null) return false;
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) return false;
    try {
      byte[] probe = "vdpa-compute key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(scheme);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(scheme);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
