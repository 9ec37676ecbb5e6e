package org.vdpacompute.controller.network;

import org.vdpacompute.core.ConflictException;

/** A port that another server already uses; Nova and Neutron answer 409. */
public final class PortInUseException extends ConflictException {
  public PortInUseException(Port port) {
    super("Port " + port.id() + " is still in use by server " + port.deviceId() + ".");
  }
}
