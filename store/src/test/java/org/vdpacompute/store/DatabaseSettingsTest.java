package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class DatabaseSettingsTest {
  private static final String URL = "jdbc:h2:file:./data/vdpa-compute";

  @Test
  void defaultsAreSet() {
    DatabaseSettings settings = DatabaseSettings.of(URL);
    assertThat(settings.maxPoolSize()).isEqualTo(DatabaseSettings.DEFAULT_MAX_POOL_SIZE);
    assertThat(settings.maxTransactionAttempts())
        .isEqualTo(DatabaseSettings.DEFAULT_MAX_TRANSACTION_ATTEMPTS);
    assertThat(settings.connectionTimeout()).isEqualTo(DatabaseSettings.DEFAULT_CONNECTION_TIMEOUT);
  }

  @Test
  void limitsOutOfRangeAreRefusedNamingTheValue() {
    DatabaseSettings settings = DatabaseSettings.of(URL);
    assertThatThrownBy(() -> settings.withMaxPoolSize(0)).isInstanceOf(InvalidValueException.class)
        .hasMessage("database pool size must be at least 1, not 0");
    assertThatThrownBy(() -> settings.withMaxTransactionAttempts(0))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("transaction attempts must be at least 1, not 0");
    assertThatThrownBy(() -> settings.withConnectionTimeout(Duration.ofMillis(10)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("database connection timeout must be at least PT0.25S, not PT0.01S");
  }

  @Test
  void anUnsupportedUrlIsRefused() {
    assertThatThrownBy(() -> DatabaseSettings.of("jdbc:sqlite:x.db"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("database URL jdbc:sqlite:x.db is not supported");
  }
}
