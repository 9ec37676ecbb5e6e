package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** Two controllers on one database: each sees what the other committed. */
class SharedDatabaseTest {
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");
  private static final String CLAIM = "UPDATE app_settings SET value_text = :owner "
      + "WHERE name = 'bootstrap' AND value_text = 'available'";

  @EachDatabase
  void aSecondControllerSeesTheFirstsDataAndClaims(TestDatabase db) {
    Database first = db.open();
    Database second = db.open();

    first.useTransaction(h -> AppSettingsRoundTripTest.insert(h, "bootstrap", "available", NOW));
    int firstTook = first.inTransaction(h -> h.createUpdate(CLAIM).bind("owner", "first").execute());
    int secondTook = second.inTransaction(h -> h.createUpdate(CLAIM).bind("owner", "second").execute());
    String seenBySecond = second.inTransaction(h -> AppSettingsRoundTripTest.find(h, "bootstrap"))
        .orElseThrow().value();

    assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
    assertThat(firstTook).isOne();
    assertThat(secondTook).isZero();
    assertThat(seenBySecond).isEqualTo("first");
  }
}
