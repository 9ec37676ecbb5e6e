package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class HostLoggingTest {

  @Test
  void workNamesItsHostThenRestoresWhatTheThreadNamedBefore() {
    String seen = HostLogging.call("compute-0", () -> {
      String inner = HostLogging.call("compute-1", () -> MDC.get(HostLogging.MDC_KEY));
      assertThat(inner).isEqualTo("compute-1");
      return MDC.get(HostLogging.MDC_KEY);
    });
    assertThat(seen).isEqualTo("compute-0");
    assertThat(MDC.get(HostLogging.MDC_KEY)).isNull();
  }

  @Test
  void aTaskNamesItsHostOnTheThreadThatRunsIt() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Thread heartbeat = new Thread(HostLogging.naming("compute-7", () -> seen.set(MDC.get(HostLogging.MDC_KEY))));
    heartbeat.start();
    heartbeat.join();
    assertThat(seen).hasValue("compute-7");
    assertThat(MDC.get(HostLogging.MDC_KEY)).as("not this thread").isNull();
  }
}
