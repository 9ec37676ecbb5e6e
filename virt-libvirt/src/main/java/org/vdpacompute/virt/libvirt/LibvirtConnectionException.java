package org.vdpacompute.virt.libvirt;

import org.vdpacompute.core.VdpaComputeException;

/** The connection to libvirt on the configured URI could not be opened, or closed. */
public class LibvirtConnectionException extends VdpaComputeException {
  private final String uri;

  public LibvirtConnectionException(String uri, String reason, Throwable cause) {
    super("libvirt connection to " + uri + ": " + reason, cause);
    this.uri = uri;
  }

  public String uri() {
    return uri;
  }
}
