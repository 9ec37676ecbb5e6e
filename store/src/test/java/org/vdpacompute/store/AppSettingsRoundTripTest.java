package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class AppSettingsRoundTripTest {
  /** Both databases keep microseconds. */
  private static final Instant WRITTEN = Instant.parse("2024-05-06T07:08:09.123456Z");

  @EachDatabase
  void whatIsWrittenIsReadBack(TestDatabase db) {
    Database database = db.open();
    database.useTransaction(h -> insert(h, "region", "RegionOne", WRITTEN));

    Setting read = database.inTransaction(h -> find(h, "region")).orElseThrow();

    assertThat(read).isEqualTo(new Setting("region", "RegionOne", WRITTEN));
  }

  @EachDatabase
  void anUpdateReplacesTheValueAndTime(TestDatabase db) {
    Database database = db.open();
    database.useTransaction(h -> insert(h, "region", "RegionOne", WRITTEN));
    Instant later = WRITTEN.plus(1, ChronoUnit.HOURS);

    int updated = database.inTransaction(h -> h.createUpdate(
            "UPDATE app_settings SET value_text = :value, updated_at = :at WHERE name = :name")
        .bind("name", "region").bind("value", "RegionTwo").bind("at", later).execute());

    Optional<Setting> read = database.inTransaction(h -> find(h, "region"));
    assertThat(updated).isOne();
    assertThat(read).contains(new Setting("region", "RegionTwo", later));
  }

  @EachDatabase
  void workThatThrowsCommitsNothingAndItsExceptionReachesTheCaller(TestDatabase db) {
    Database database = db.open();
    VdpaComputeException refusal = new VdpaComputeException("device 0000:06:00.1 is claimed");

    assertThatThrownBy(() -> database.useTransaction(h -> {
      insert(h, "region", "RegionOne", WRITTEN);
      throw refusal;
    })).isSameAs(refusal);

    Optional<Setting> read = database.inTransaction(h -> find(h, "region"));
    assertThat(read).isEmpty();
  }

  @EachDatabase
  void aViolatedConstraintIsADatabaseExceptionNamingTheDatabase(TestDatabase db) {
    Database database = db.open();
    database.useTransaction(h -> insert(h, "region", "RegionOne", WRITTEN));

    assertThatThrownBy(() -> database.useTransaction(h -> insert(h, "region", "again", WRITTEN)))
        .isExactlyInstanceOf(DatabaseException.class)
        .hasMessageStartingWith("database " + database.url() + ": ");
  }

  record Setting(String name, String value, Instant updatedAt) {}

  static void insert(Handle handle, String name, String value, Instant at) {
    handle.createUpdate("INSERT INTO app_settings (name, value_text, updated_at) VALUES (:name, :value, :at)")
        .bind("name", name).bind("value", value).bind("at", at).execute();
  }

  static Optional<Setting> find(Handle handle, String name) {
    return handle.createQuery("SELECT name, value_text, updated_at FROM app_settings WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> new Setting(rs.getString("name"), rs.getString("value_text"),
            rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant()))
        .findOne();
  }
}
