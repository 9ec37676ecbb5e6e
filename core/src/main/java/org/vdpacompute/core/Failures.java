package org.vdpacompute.core;

/**
 * The text a person is shown for a failure: its message, or, for an exception thrown without one
 * (a {@link NullPointerException} from {@code Objects.requireNonNull}, say), what was thrown and
 * where, so that a fault never reads {@code null}.
 */
public final class Failures {
  private static final String OWN_PACKAGE = "org.vdpacompute.";

  private Failures() {}

  /**
   * The failure's message when it has one; otherwise {@code internal error: TYPE at FRAME}, the
   * frame being the first in this program's code, followed by what caused it, if anything did.
   */
  public static String describe(Throwable failure) {
    if (failure == null) {
      return "unknown failure";
    }
    String message = failure.getMessage();
    if (message != null && !message.isBlank()) {
      return message;
    }
    StringBuilder text = new StringBuilder("internal error: ").append(failure.getClass().getSimpleName());
    StackTraceElement frame = whereThrown(failure.getStackTrace());
    if (frame != null) {
      text.append(" at ").append(frame);
    }
    Throwable cause = failure.getCause();
    if (cause != null && cause != failure) {
      text.append(", caused by ").append(describe(cause));
    }
    return text.toString();
  }

  /** The first frame in this program's code: where the JDK threw (a null check) says little. */
  private static StackTraceElement whereThrown(StackTraceElement[] frames) {
    for (StackTraceElement frame : frames) {
      if (frame.getClassName().startsWith(OWN_PACKAGE)) {
        return frame;
      }
    }
    return frames.length > 0 ? frames[0] : null;
  }
}
