package org.vdpacompute.core.pci.tracker;

import org.vdpacompute.core.VdpaComputeException;

/** A host cannot give an instance the PCI devices it asked for. */
public class PciClaimFailedException extends VdpaComputeException {
  public PciClaimFailedException(String message) {
    super(message);
  }

  @Override
  public org.vdpacompute.core.ErrorCategory category() {
    return org.vdpacompute.core.ErrorCategory.CONFLICT;
  }
}
