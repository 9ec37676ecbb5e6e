package org.vdpacompute.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void aMessageIsShownAsItIs() {
    assertThat(Failures.describe(new ConflictException("port p is in use"))).isEqualTo("port p is in use");
  }

  @Test
  void anExceptionWithoutAMessageIsNamedWithWhereItWasThrown() {
    NullPointerException npe = catchFrom(() -> Map.copyOf(java.util.Collections.singletonMap("k", null)));
    assertThat(npe.getMessage()).as("the JDK's own NPE here has no message").isNull();
    assertThat(Failures.describe(npe))
        .startsWith("internal error: NullPointerException at org.vdpacompute.core.FailuresTest.")
        .contains("(FailuresTest.java:");
  }

  @Test
  void aBlankMessageIsNoMessageAndTheCauseIsNamed() {
    RuntimeException wrapped = new RuntimeException(" ", new IllegalStateException("pool empty"));
    assertThat(Failures.describe(wrapped)).startsWith("internal error: RuntimeException at ")
        .endsWith(", caused by pool empty");
  }

  private static NullPointerException catchFrom(Runnable r) {
    try {
      r.run();
    } catch (NullPointerException e) {
      return e;
    }
    throw new AssertionError("nothing thrown");
  }
}
