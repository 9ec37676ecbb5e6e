package org.vdpacompute.agent;

import java.util.UUID;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.ovs.SwitchException;

/**
 * A port's representor could not be plugged into the offloaded switch, so the port's device was
 * not given to the guest. The message names host, guest, port and representor, then the switch and
 * what it answered; the category is the switch's (unreachable: 503; refused: 409).
 */
public class PortPlugException extends SwitchException {
  private final ErrorCategory category;

  public PortPlugException(String host, UUID instance, UUID port, String representor, SwitchException cause) {
    super(cause.endpoint(), "port " + port + " of guest " + instance + " cannot be plugged into the offloaded switch of"
        + " host " + host + " (representor " + representor + "): " + cause.getMessage(), cause);
    this.category = cause.category();
  }

  @Override
  public ErrorCategory category() {
    return category;
  }
}
