package org.vdpacompute.app.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.vdpacompute.app.config.ConfigException;

/**
 * TLS from PEM files, as operators have them (and as OpenStack's services take them): a listener's
 * certificate chain and private key, or the authorities a client trusts. A file that cannot be
 * used is a {@link ConfigException} naming the file, the key that set it and what is wrong.
 */
public final class PemTls {
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private PemTls() {}

  /**
   * A server's TLS: the certificate chain of {@code certFile} (the listener's first) with the key
   * of {@code keyFile}.
   *
   * @param setBy what names the files, for the message: {@code [api] cert_file in /etc/...}
   */
  public static SSLContext server(Path certFile, Path keyFile, String setBy) {
    List<Certificate> chain = certificates(certFile, setBy);
    PrivateKey key = privateKey(keyFile, setBy);
    if (!KeyPairs.match(key, chain.get(0).getPublicKey())) {
      throw new ConfigException(keyFile + " (" + setBy + "): the key does not go with the certificate of " + certFile
          + ": the certificate's public key is another key's");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", key, IN_MEMORY, chain.toArray(Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys.getKeyManagers(), null, null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(keyFile + " (" + setBy + "): the key does not go with the certificate of " + certFile
          + ": " + e.getMessage(), e);
    }
  }

  /** A client's TLS trusting exactly the certificates of {@code caFile}. */
  public static SSLContext trusting(Path caFile, String setBy) {
    List<Certificate> authorities = certificates(caFile, setBy);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) store.setCertificateEntry("ca-" + i, authorities.get(i));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(caFile + " (" + setBy + "): cannot trust its certificates: " + e.getMessage(), e);
    }
  }

  private static List<Certificate> certificates(Path file, String setBy) {
    Collection<? extends Certificate> read;
    try {
      read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new ConfigException(file + " (" + setBy + "): cannot read it: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(file + " (" + setBy + "): holds no certificate (BEGIN CERTIFICATE) that can be read: "
          + e.getMessage(), e);
    }
    if (read.isEmpty()) {
      throw new ConfigException(file + " (" + setBy + "): holds no certificate (BEGIN CERTIFICATE)");
    }
    return new ArrayList<>(read);
  }

  private static PrivateKey privateKey(Path file, String setBy) {
    PemObject pem;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PemReader reader = new PemReader(in)) {
      pem = reader.readPemObject();
    } catch (IOException e) {
      throw new ConfigException(file + " (" + setBy + "): cannot read a PEM key from it: " + e, e);
    }
    if (pem == null) {
      throw new ConfigException(file + " (" + setBy + "): holds no PEM private key (BEGIN PRIVATE KEY)");
    }
    KeyForm form = KeyForm.of(pem.getType()).orElseThrow(() -> new ConfigException(file + " (" + setBy + "): holds a "
        + pem.getType() + ", not an unencrypted private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"));
    try {
      byte[] pkcs8 = form.pkcs8(pem.getContent());
      return KeyFactory.getInstance(KeyPairs.algorithm(PrivateKeyInfo.getInstance(pkcs8))).generatePrivate(
          new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new ConfigException(file + " (" + setBy + "): its " + pem.getType() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The PEM forms of an unencrypted private key, each made PKCS#8 for the JDK. */
  private enum KeyForm {
    PKCS8("PRIVATE KEY") {
      @Override
      byte[] pkcs8(byte[] der) {
        return der;
      }
    },
    RSA("RSA PRIVATE KEY") {
      @Override
      byte[] pkcs8(byte[] der) throws IOException {
        return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
            RSAPrivateKey.getInstance(der)).getEncoded();
      }
    },
    EC("EC PRIVATE KEY") {
      @Override
      byte[] pkcs8(byte[] der) throws IOException {
        ECPrivateKey key = ECPrivateKey.getInstance(der);
        if (key.getParametersObject() == null) {
          throw new IllegalArgumentException("it does not name its curve (openssl writes it with the key)");
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, key.getParametersObject()), key)
            .getEncoded();
      }
    };

    private final String pemType;

    KeyForm(String pemType) {
      this.pemType = pemType;
    }

    abstract byte[] pkcs8(byte[] der) throws IOException;

    static Optional<KeyForm> of(String pemType) {
      for (KeyForm f : values()) {
        if (f.pemType.equals(pemType)) return Optional.of(f);
      }
      return Optional.empty();
    }
  }
}
