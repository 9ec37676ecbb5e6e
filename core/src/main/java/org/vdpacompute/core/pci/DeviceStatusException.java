package org.vdpacompute.core.pci;

import org.vdpacompute.core.VdpaComputeException;

/** A device was asked for a status change its current status (or its relatives') does not allow. */
public class DeviceStatusException extends VdpaComputeException {
  private final PciAddress address;
  private final DeviceStatus found;
  private final DeviceStatus wanted;

  public DeviceStatusException(PciAddress address, DevType type, DeviceStatus found, DeviceStatus wanted, String why) {
    super("cannot make " + type + " device " + address + " " + wanted + ": it is " + found
        + (why == null ? "" : " (" + why + ")"));
    this.address = address;
    this.found = found;
    this.wanted = wanted;
  }

  public PciAddress address() {
    return address;
  }

  public DeviceStatus found() {
    return found;
  }

  public DeviceStatus wanted() {
    return wanted;
  }

  @Override
  public org.vdpacompute.core.ErrorCategory category() {
    return org.vdpacompute.core.ErrorCategory.CONFLICT;
  }
}
