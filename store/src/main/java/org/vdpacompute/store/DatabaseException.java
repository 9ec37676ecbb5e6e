package org.vdpacompute.store;

import org.vdpacompute.core.VdpaComputeException;

/**
 * A database operation failed. The root of the store's errors; subclasses name what failed. Messages
 * name the database by its URL with the password masked.
 */
public class DatabaseException extends VdpaComputeException {
  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
