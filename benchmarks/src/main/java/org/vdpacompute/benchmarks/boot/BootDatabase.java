package org.vdpacompute.benchmarks.boot;

import java.time.Duration;
import org.vdpacompute.store.testing.PostgresServer;

/** The controller's database in the boot benchmark. */
enum BootDatabase {
  /** The default: H2 in a file under the controller's state path, inside the controller's process. */
  H2 {
    @Override
    String connection() {
      return null;
    }

    @Override
    Duration cpu() {
      return Duration.ZERO;
    }
  },
  /**
   * A PostgreSQL server started for the run, the store tests' throwaway one (fsync and synchronous
   * commit off, as H2 here writes at commit without fsync), with a fresh database.
   */
  POSTGRESQL {
    @Override
    String connection() {
      PostgresServer server = PostgresServer.shared();
      return server.url(server.createDatabase());
    }

    @Override
    Duration cpu() {
      return ProcessHandle.current().descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
          .map(ProcessFigures::cpu).reduce(Duration.ZERO, Duration::plus);
    }
  };

  /**
   * The {@code [database] connection} of the controller, ready for it (for PostgreSQL, the server
   * started and a fresh database made); null for the default.
   */
  abstract String connection();

  /** CPU time the database's own processes have used; none for one inside the controller. */
  abstract Duration cpu();
}
