package org.vdpacompute.virt.emulated;

import org.vdpacompute.core.InvalidValueException;

/** A topology file that cannot describe a host, with the file, the JSON path and the reason. */
public class TopologyException extends InvalidValueException {
  private final String source;
  private final String path;

  public TopologyException(String source, String path, String reason) {
    this(source, path, reason, null);
  }

  public TopologyException(String source, String path, String reason, Throwable cause) {
    super("topology " + source + ": " + path + ": " + reason, cause);
    this.source = source;
    this.path = path;
  }

  /** The file (or resource) the topology came from. */
  public String source() {
    return source;
  }

  /** The JSON path of the offending value, {@code $.pci_devices[1].parent}. */
  public String path() {
    return path;
  }
}
