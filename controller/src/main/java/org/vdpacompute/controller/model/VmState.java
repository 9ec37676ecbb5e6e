package org.vdpacompute.controller.model;

import java.util.Locale;

/** An instance's stable state, as Nova's {@code OS-EXT-STS:vm_state}. */
public enum VmState {
  BUILDING, ACTIVE, STOPPED, PAUSED, SUSPENDED, RESIZED, SHELVED, SHELVED_OFFLOADED, ERROR, DELETED;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
