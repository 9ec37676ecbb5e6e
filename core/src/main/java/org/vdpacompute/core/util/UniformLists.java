package org.vdpacompute.core.util;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Unmodifiable copies of lists whose class is the same at every length. {@code List.copyOf} gives
 * one class for one or two elements and another for none or more, so a call site that saw only one
 * of them meets the other when a host's pools or a request's devices change in number. The
 * scheduler calls such lists for every host of every request: the JIT compiled its loop for the
 * class it had seen, threw the code away when the other came, and compiled it again, over a second
 * of a compiler thread's time each round, several rounds a minute.
 */
public final class UniformLists {
  private UniformLists() {}

  /** The elements in order, none of them null; the copy cannot be changed. */
  @SuppressWarnings("unchecked")
  public static <T> List<T> copyOf(Collection<? extends T> items) {
    Object[] elements = items.toArray();
    for (Object e : elements) Objects.requireNonNull(e, "a list element");
    return (List<T>) Collections.unmodifiableList(Arrays.asList(elements));
  }
}
