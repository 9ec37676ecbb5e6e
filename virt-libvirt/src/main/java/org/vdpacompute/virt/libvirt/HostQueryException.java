package org.vdpacompute.virt.libvirt;

import org.vdpacompute.core.VdpaComputeException;

/**
 * libvirt could not tell something about the host or its guests: versions, capabilities, node
 * devices, the guest list or a guest's XML. Failures of operations on a guest are {@link
 * org.vdpacompute.virt.HypervisorOperationException}s instead.
 */
public class HostQueryException extends VdpaComputeException {
  private final String host;
  private final String uri;

  public HostQueryException(String host, String uri, String what, Throwable cause) {
    this(host, uri, what, cause.getMessage(), cause);
  }

  public HostQueryException(String host, String uri, String what, String reason, Throwable cause) {
    super("reading " + what + " from libvirt at " + uri + " on host " + host + " failed: " + reason,
        cause);
    this.host = host;
    this.uri = uri;
  }

  public String host() {
    return host;
  }

  public String uri() {
    return uri;
  }
}
