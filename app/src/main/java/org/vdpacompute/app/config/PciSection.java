package org.vdpacompute.app.config;

import java.util.Objects;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.core.pci.spec.PciAliasList;

/**
 * {@code [pci]}: which devices of this host may be handed to guests, and the aliases flavors ask
 * for them by.
 *
 * @param deviceSpec every {@code device_spec} and {@code passthrough_whitelist} value, in file
 *     order; empty when none
 * @param alias every {@code alias} value; empty when none
 */
public record PciSection(DeviceSpecList deviceSpec, PciAliasList alias) {
  public PciSection {
    Objects.requireNonNull(deviceSpec, "deviceSpec");
    Objects.requireNonNull(alias, "alias");
  }
}
