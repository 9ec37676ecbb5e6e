package org.vdpacompute.store;

/**
 * The database cannot be reached or refuses this program's connection: the server is down, the
 * credentials are wrong, the file cannot be opened or is held by another process.
 */
public class DatabaseUnavailableException extends DatabaseException {
  private final String url;

  DatabaseUnavailableException(JdbcUrl url, Throwable cause) {
    super("database " + url.masked() + " is unavailable: " + url.maskIn(Causes.innermostMessage(cause)),
        Causes.masked(cause, url));
    this.url = url.masked();
  }

  /** The database's URL, with its password masked. */
  public String url() {
    return url;
  }
}
