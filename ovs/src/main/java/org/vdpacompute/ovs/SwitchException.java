package org.vdpacompute.ovs;

import org.vdpacompute.core.VdpaComputeException;

/** The switch refused or failed an operation; the message names the switch and the bridge. */
public class SwitchException extends VdpaComputeException {
  private final String endpoint;

  public SwitchException(String endpoint, String message, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
  }

  /** The switch's database server ({@code unix:/var/run/openvswitch/db.sock}). */
  public String endpoint() {
    return endpoint;
  }
}
