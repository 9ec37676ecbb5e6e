package org.vdpacompute.virt.libvirt;

import java.net.URI;
import java.net.URISyntaxException;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

/**
 * One open libvirt connection with the URI it was opened on and the host name libvirt reported
 * then, which every error message names.
 */
final class LibvirtConnection implements AutoCloseable {

  // libvirt's default error function prints every error to stderr, including the ones this driver
  // expects and handles (a domain not found). Errors still reach the caller as LibvirtException.
  // Held in a static field so that the native callback is never garbage collected.
  private static final ErrorCallback SILENT = new ErrorCallback();
  private static volatile boolean silenced;

  private final EventConnect connect;
  private final String uri;
  private final String hostname;
  private final DeviceRemovals removals = new DeviceRemovals();
  private final PowerStates powerStates = new PowerStates();
  private final DomainEvents events;

  private LibvirtConnection(EventConnect connect, String uri, String hostname) throws LibvirtException {
    this.connect = connect;
    this.uri = uri;
    this.hostname = hostname;
    this.events = new DomainEvents(connect, uri, removals, powerStates);
  }

  static LibvirtConnection open(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new LibvirtConnectionException(String.valueOf(uri), "cannot connect: the URI is empty", null);
    }
    try {
      silence();
      // Before the connection: libvirt delivers events only to connections opened after the loop.
      EventLoop.ensureRunning();
      EventConnect connect = new EventConnect(uri);
      try {
        return new LibvirtConnection(connect, uri, connect.getHostName());
      } catch (LibvirtException | RuntimeException e) {
        connect.close();
        throw e;
      }
    } catch (LibvirtException e) {
      throw new LibvirtConnectionException(uri, "cannot connect: " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new LibvirtConnectionException(
          uri, "cannot connect: libvirt's client library libvirt.so.0 cannot be loaded (is the libvirt0 package installed?): "
              + e.getMessage(), e);
    }
  }

  private static void silence() throws LibvirtException {
    if (!silenced) {
      synchronized (LibvirtConnection.class) {
        if (!silenced) {
          Connect.setErrorCallback(SILENT);
          silenced = true;
        }
      }
    }
  }

  Connect connect() {
    return connect;
  }

  String uri() {
    return uri;
  }

  /** Removals of guests' devices, as libvirt's events report them. */
  DeviceRemovals removals() {
    return removals;
  }

  /** Guests' power states, as libvirt's lifecycle events report them. */
  PowerStates powerStates() {
    return powerStates;
  }

  String hostname() {
    return hostname;
  }

  /**
   * Whether libvirt runs on this machine: a URI without a host ({@code qemu:///system}) or naming
   * localhost.
   */
  static boolean isLocal(String uri) {
    try {
      String host = new URI(uri).getHost();
      return host == null || host.isEmpty() || host.equals("localhost");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  HostQueryException queryFailed(String what, Throwable cause) {
    return new HostQueryException(hostname, uri, what, cause);
  }

  @Override
  public void close() {
    events.close();
    try {
      connect.close();
    } catch (LibvirtException e) {
      throw new LibvirtConnectionException(uri, "cannot close: " + e.getMessage(), e);
    }
  }
}
