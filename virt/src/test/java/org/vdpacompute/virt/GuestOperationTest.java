package org.vdpacompute.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.InvalidValueException;

class GuestOperationTest {

  @Test
  void everyOperationIsFoundByItsApiName() {
    for (GuestOperation o : GuestOperation.values()) {
      assertThat(GuestOperation.fromApiName(o.apiName())).isEqualTo(o);
    }
    assertThat(GuestOperation.fromApiName("attach_device")).isEqualTo(GuestOperation.ATTACH);
    assertThat(GuestOperation.fromApiName("live_migrate")).isEqualTo(GuestOperation.LIVE_MIGRATE);
  }

  @Test
  void anUnknownNameIsRefusedWithTheNamesThereAre() {
    assertThatThrownBy(() -> GuestOperation.fromApiName("attach device"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("'attach device'").hasMessageContaining("attach_device, detach_device, live_migrate");
  }

  @Test
  void aMissingGuestIsNotFoundAndAForbiddenTransitionAConflict() {
    java.util.UUID guest = java.util.UUID.randomUUID();
    assertThat(new GuestNotFoundException("compute-0", guest).category()).isEqualTo(ErrorCategory.NOT_FOUND);
    assertThat(new GuestStateException("compute-0", guest, GuestOperation.RESUME, GuestState.RUNNING).category())
        .isEqualTo(ErrorCategory.CONFLICT);
  }
}
