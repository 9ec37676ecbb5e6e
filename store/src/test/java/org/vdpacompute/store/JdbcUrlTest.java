package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class JdbcUrlTest {
  @Test
  void theKindComesFromTheScheme() {
    assertThat(JdbcUrl.parse("jdbc:h2:file:./data/vdpa-compute").kind()).isEqualTo(DatabaseKind.H2);
    assertThat(JdbcUrl.parse(" jdbc:postgresql://db:5432/nova ").kind()).isEqualTo(DatabaseKind.POSTGRESQL);
    assertThat(JdbcUrl.parse("JDBC:H2:file:./x").kind()).isEqualTo(DatabaseKind.H2);
  }

  @Test
  void thePasswordIsMaskedWhereverItIsWritten() {
    assertThat(JdbcUrl.parse("jdbc:postgresql://db:5432/nova?user=nova&password=pw&ssl=true").masked())
        .isEqualTo("jdbc:postgresql://db:5432/nova?user=nova&password=***&ssl=true");
    assertThat(JdbcUrl.parse("jdbc:postgresql://db/nova?PASSWORD=pw").masked())
        .isEqualTo("jdbc:postgresql://db/nova?PASSWORD=***");
    assertThat(JdbcUrl.parse("jdbc:h2:file:./data/x;USER=sa;PASSWORD=pw;MODE=PostgreSQL").masked())
        .isEqualTo("jdbc:h2:file:./data/x;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(JdbcUrl.parse("jdbc:postgresql://nova:pw@db/nova").masked())
        .isEqualTo("jdbc:postgresql://nova:***@db/nova");
  }

  @Test
  void aUrlWithoutPasswordIsUnchanged() {
    assertThat(JdbcUrl.parse("jdbc:h2:file:./data/vdpa-compute").masked())
        .isEqualTo("jdbc:h2:file:./data/vdpa-compute");
  }

  @Test
  void itPrintsMasked() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db/nova?user=nova&password=pw");
    assertThat(url).hasToString("jdbc:postgresql://db/nova?user=nova&password=***");
    assertThat(DatabaseSettings.of(url.value()).toString()).doesNotContain("=pw");
  }

  @Test
  void messagesQuotingTheUrlAreMasked() {
    JdbcUrl url = JdbcUrl.parse("jdbc:h2:file:./x;PASSWORD=pw");
    assertThat(url.maskIn("Failed to get driver instance for jdbcUrl=" + url.forDriver()))
        .isEqualTo("Failed to get driver instance for jdbcUrl=jdbc:h2:file:./x;PASSWORD=***");
  }

  @Test
  void h2CommitsToItsFileKeepsParsedStatementsAndRetainsSecondsUnlessTheOperatorChoseOtherwise() {
    assertThat(JdbcUrl.parse("jdbc:h2:file:./data/x").forDriver())
        .isEqualTo("jdbc:h2:file:./data/x;WRITE_DELAY=0;QUERY_CACHE_SIZE=256;RETENTION_TIME=5000");
    assertThat(JdbcUrl.parse("jdbc:h2:file:./data/x;write_delay=500;Query_Cache_Size=16;retention_time=45000").forDriver())
        .isEqualTo("jdbc:h2:file:./data/x;write_delay=500;Query_Cache_Size=16;retention_time=45000");
    assertThat(JdbcUrl.parse("jdbc:postgresql://db/nova").forDriver())
        .isEqualTo("jdbc:postgresql://db/nova");
  }

  @Test
  void anEmptyUrlIsRefused() {
    assertThatThrownBy(() -> JdbcUrl.parse(" ")).isInstanceOf(InvalidValueException.class)
        .hasMessage("database URL is empty");
  }
}
