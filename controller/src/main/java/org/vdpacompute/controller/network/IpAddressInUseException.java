package org.vdpacompute.controller.network;

import org.vdpacompute.core.ConflictException;

/** A fixed IP given to a port is another port's already: addresses are unique per subnet. */
public final class IpAddressInUseException extends ConflictException {
  private final String subnetId;
  private final String ipAddress;

  public IpAddressInUseException(String subnetId, String ipAddress) {
    super("IP address " + ipAddress + " is in use on subnet " + subnetId);
    this.subnetId = subnetId;
    this.ipAddress = ipAddress;
  }

  public String subnetId() {
    return subnetId;
  }

  public String ipAddress() {
    return ipAddress;
  }
}
