/**
 * Persistence: the one place that talks JDBC.
 *
 * <p>{@link org.vdpacompute.store.Database} is the whole surface. Opening it parses the URL
 * ({@code JdbcUrl}, which never prints the password), opens the pool ({@code ConnectionPool},
 * HikariCP, every connection serializable) and migrates the schema ({@code SchemaMigrator},
 * Flyway, {@code db/migration/V<n>__*.sql}). Transactions go through {@code TransactionRunner},
 * which runs a transaction again when it lost a race ({@code SqlFailure} tells races from other
 * failures by SQLSTATE). Errors are {@link org.vdpacompute.store.DatabaseException}s.
 *
 * <p>SQL is written to run unchanged on H2 (the embedded default, one process) and PostgreSQL
 * (shared by several controllers); the store tests run every case on both.
 */
package org.vdpacompute.store;
