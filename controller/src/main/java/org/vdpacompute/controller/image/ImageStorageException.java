package org.vdpacompute.controller.image;

import org.vdpacompute.core.VdpaComputeException;

/** Image data could not be written, read or removed on the controller's disk. */
public class ImageStorageException extends VdpaComputeException {
  public ImageStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
