package org.vdpacompute.controller.network;

import org.vdpacompute.core.ConflictException;

/** A port's MAC address is another port's already: MACs are unique per network. */
public final class MacAddressInUseException extends ConflictException {
  private final String networkId;
  private final String macAddress;

  public MacAddressInUseException(String networkId, String macAddress) {
    super("MAC address " + macAddress + " is in use on network " + networkId);
    this.networkId = networkId;
    this.macAddress = macAddress;
  }

  public String networkId() {
    return networkId;
  }

  public String macAddress() {
    return macAddress;
  }
}
