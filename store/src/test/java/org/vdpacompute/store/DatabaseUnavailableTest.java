package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** A database that cannot be opened is named in the error, and its password never shows. */
class DatabaseUnavailableTest {
  private static final String SECRET = "s3cret-Pa55";

  @EachDatabase
  void aWrongPasswordIsRefusedWithThePasswordMasked(TestDatabase db) {
    db.open().close(); // the database exists, with its real password
    String wrong = db.url().replaceAll("(?i)password=[^&;]*", "password=" + SECRET);

    assertThatThrownBy(() -> Database.open(wrong))
        .isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> {
          assertThat(e.url()).contains("password=***").doesNotContain(SECRET);
          assertThat(e.getMessage()).startsWith("database " + e.url() + " is unavailable: ")
              .containsIgnoringCase("password");
          assertThat(stackTrace(e)).doesNotContain(SECRET);
        });
  }

  @Test
  void aServerThatIsNotThereIsUnavailableWithThePasswordMasked() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/vdpa?user=vdpa&password=" + SECRET;

    assertThatThrownBy(() -> Database.open(url))
        .isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> {
          assertThat(e.getMessage()).startsWith("database jdbc:postgresql://127.0.0.1:")
              .contains("/vdpa?user=vdpa&password=*** is unavailable: ")
              .contains("refused");
          assertThat(stackTrace(e)).doesNotContain(SECRET);
        });
  }

  /** pgjdbc declines a URL it cannot parse, and the pool then quotes the whole URL. */
  @Test
  void aUrlTheDriverCannotReadIsUnavailableWithThePasswordMasked() {
    String url = "jdbc:postgresql://127.0.0.1:notaport/vdpa?user=vdpa&password=" + SECRET;

    assertThatThrownBy(() -> Database.open(url))
        .isInstanceOfSatisfying(DatabaseUnavailableException.class, e -> {
          assertThat(e.getMessage()).contains("password=***");
          assertThat(stackTrace(e)).doesNotContain(SECRET);
        });
  }

  @Test
  void aDatabaseTheStoreDoesNotSupportIsRefusedBeforeConnecting() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/vdpa?user=u&password=" + SECRET))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("database URL jdbc:mysql://db/vdpa?user=u&password=*** is not supported: "
            + "expected jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DB?user=U&password=P");
  }

  /** A port nothing listens on: taken from the system, then given back. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
