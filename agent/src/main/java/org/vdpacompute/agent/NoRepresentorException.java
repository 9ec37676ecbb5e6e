package org.vdpacompute.agent;

import java.util.UUID;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.pci.PciAddress;

/**
 * A port's VF has no representor to plug into the offloaded switch: its PF's eswitch is not in
 * switchdev mode, so the host cannot offload the port as {@code [ovs] plug = true} says it does.
 */
public class NoRepresentorException extends VdpaComputeException {
  public NoRepresentorException(String host, PciAddress vf, UUID port) {
    super("VF " + vf + " of port " + port + " has no port representor on host " + host
        + ": its PF's eswitch is not in switchdev mode (devlink dev eswitch set pci/PF mode switchdev;"
        + " host-check says what the host lacks)");
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}
