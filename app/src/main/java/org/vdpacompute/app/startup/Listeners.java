package org.vdpacompute.app.startup;

import java.net.BindException;
import java.util.function.Supplier;

/** Binding a listener at start, where an address in use is the operator's to fix. */
public final class Listeners {
  private Listeners() {}

  /**
   * Runs {@code bind}; a failure whose cause is a {@link BindException} becomes an
   * {@link AddressUnavailableException} naming the address and what set it.
   */
  public static <T> T bind(String address, String setBy, Supplier<T> bind) {
    try {
      return bind.get();
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new AddressUnavailableException(address, setBy, cause);
        }
      }
      throw e;
    }
  }
}
