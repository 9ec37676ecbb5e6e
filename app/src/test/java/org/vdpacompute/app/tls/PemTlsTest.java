package org.vdpacompute.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.config.ConfigException;

/** The PEM files a listener and an agent are configured with: the forms operators have, and clear refusals. */
class PemTlsTest {
  @TempDir static Path dir;
  private static TestCertificates ec;
  private static TestCertificates rsa;

  @BeforeAll
  static void certificates() throws Exception {
    ec = TestCertificates.make(dir.resolve("ec"), "EC");
    rsa = TestCertificates.make(dir.resolve("rsa"), "RSA");
  }

  @Test
  void aPkcs8KeyAndItsCertificateMakeAServer() {
    SSLContext tls = PemTls.server(ec.cert(), ec.key(), "[api] cert_file");
    assertThat(tls.getServerSocketFactory().getDefaultCipherSuites()).isNotEmpty();
  }

  /** openssl's traditional forms, BEGIN RSA PRIVATE KEY and BEGIN EC PRIVATE KEY, are read too. */
  @Test
  void traditionalRsaAndEcKeysAreRead() throws Exception {
    for (TestCertificates c : new TestCertificates[] {rsa, ec}) {
      String type = c == rsa ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(c.privateKey().getEncoded());
      byte[] traditional = c == rsa ? info.parsePrivateKey().toASN1Primitive().getEncoded()
          // As openssl writes it: with its curve, which PKCS#8 keeps outside the key.
          : new ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) c.privateKey()).getS(),
              info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
      Path key = Files.writeString(dir.resolve(c == rsa ? "rsa-traditional.pem" : "ec-traditional.pem"),
          TestCertificates.pem(type, traditional));
      assertThat(PemTls.server(c.cert(), key, "[api] key_file")).isNotNull();
    }
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedNamingTheFiles() {
    assertThatThrownBy(() -> PemTls.server(ec.cert(), rsa.key(), "[api] cert_file and key_file in x.conf"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(rsa.key().toString()).hasMessageContaining("[api] cert_file and key_file in x.conf")
        .hasMessageContaining("does not go with the certificate of " + ec.cert());
  }

  @Test
  void filesThatAreNotPemAreRefusedSayingWhatTheyHold() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
    assertThatThrownBy(() -> PemTls.server(text, ec.key(), "[api] cert_file"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(text + " ([api] cert_file): holds no certificate");
    assertThatThrownBy(() -> PemTls.server(ec.cert(), ec.cert(), "[api] key_file"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("holds a CERTIFICATE, not an unencrypted private key");
    assertThatThrownBy(() -> PemTls.trusting(dir.resolve("missing.pem"), "[compute] controller_ca_file"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("missing.pem ([compute] controller_ca_file): cannot read it");
  }
}
