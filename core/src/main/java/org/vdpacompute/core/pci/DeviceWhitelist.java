package org.vdpacompute.core.pci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which devices of a host may be handed to guests ({@code [pci] device_spec}), and with
 * which tags.
 */
@FunctionalInterface
public interface DeviceWhitelist {
  /**
   * The tags of the first spec that matches the device, normalised by {@link Tags#normalize}; empty
   * when no spec matches and the device is not to be tracked.
   */
  Optional<Map<String, String>> tagsOf(DeviceIdentity device);

  /**
   * Refuses a whitelist that the host's devices show to be wrong, before any of them is matched.
   * Nothing to check by default.
   *
   * @throws org.vdpacompute.core.InvalidValueException naming what is wrong
   */
  default void checkOnHost(List<DeviceIdentity> devices) {}
}
