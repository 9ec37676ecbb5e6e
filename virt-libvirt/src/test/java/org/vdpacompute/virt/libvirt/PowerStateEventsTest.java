package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdpacompute.virt.GuestState;

/** Power states from libvirt's own lifecycle events, on its test driver with the event loop running. */
class PowerStateEventsTest {
  private static LibvirtDriver driver;

  @BeforeAll
  static void open() {
    driver = LibvirtDriver.open(TestGuests.TEST_URI);
  }

  @AfterAll
  static void close() {
    driver.close();
  }

  @Test
  void everyPowerStateChangeOfAGuestArrivesAsAnEvent() throws Exception {
    UUID instance = UUID.randomUUID();
    BlockingQueue<GuestState> states = new LinkedBlockingQueue<>();
    PowerStateListener listener = (guest, state) -> {
      if (guest.equals(instance)) {
        states.add(state);
      }
    };
    driver.addPowerStateListener(listener);
    try {
      driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(instance));
      assertThat(states.poll(5, TimeUnit.SECONDS)).isEqualTo(GuestState.RUNNING);
      driver.driver().guests().suspend(instance);
      assertThat(states.poll(5, TimeUnit.SECONDS)).isEqualTo(GuestState.PAUSED);
      driver.driver().guests().resume(instance);
      assertThat(states.poll(5, TimeUnit.SECONDS)).isEqualTo(GuestState.RUNNING);
      driver.driver().guests().stop(instance);
      assertThat(states.poll(5, TimeUnit.SECONDS)).isEqualTo(GuestState.SHUTOFF);
    } finally {
      driver.removePowerStateListener(listener);
      driver.driver().guests().destroy(instance);
    }
  }
}
