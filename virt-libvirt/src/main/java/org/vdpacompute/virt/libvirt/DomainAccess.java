package org.vdpacompute.virt.libvirt;

import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;

/**
 * Finds guests' domains by instance UUID, reads their state, and turns libvirt's errors into the
 * virt module's exceptions. Every operation goes through {@link #act}, which checks the guest's
 * state against {@link GuestOperation} first, so this driver refuses the same transitions as every
 * other; reads go through {@link #read}.
 */
final class DomainAccess {

  /** Something done to a domain, given its state before. */
  @FunctionalInterface
  interface Action {
    void apply(Domain domain, GuestState before) throws LibvirtException;
  }

  /** Something read from a domain. */
  @FunctionalInterface
  interface Read<T> {
    T apply(Domain domain) throws LibvirtException;
  }

  private final LibvirtConnection conn;

  DomainAccess(LibvirtConnection conn) {
    this.conn = conn;
  }

  LibvirtConnection connection() {
    return conn;
  }

  void act(UUID instance, GuestOperation operation, Action action) {
    act(instance, operation, null, action);
  }

  /**
   * Runs {@code action} on the guest once its state allows {@code operation}.
   *
   * @param detail what a failure message should add about this attempt (a destination); may be null
   */
  void act(UUID instance, GuestOperation operation, String detail, Action action) {
    try {
      Domain domain = find(instance);
      if (domain == null) {
        throw new GuestNotFoundException(conn.hostname(), instance);
      }
      try {
        GuestState state = state(domain);
        if (!operation.allowedFrom(state)) {
          throw new GuestStateException(conn.hostname(), instance, operation, state);
        }
        action.apply(domain, state);
      } finally {
        free(domain);
      }
    } catch (LibvirtException e) {
      throw failed(instance, operation, detail, e);
    }
  }

  /** Reads from the guest's domain; {@code what} names what is read, for the error message. */
  <T> T read(UUID instance, String what, Read<T> read) {
    try {
      Domain domain = find(instance);
      if (domain == null) {
        throw new GuestNotFoundException(conn.hostname(), instance);
      }
      try {
        return read.apply(domain);
      } finally {
        free(domain);
      }
    } catch (LibvirtException e) {
      if (isNotFound(e)) {
        throw new GuestNotFoundException(conn.hostname(), instance);
      }
      throw conn.queryFailed(what + " of guest " + instance, e);
    }
  }

  /** The guest's domain, or null when no domain has the instance's UUID. */
  Domain find(UUID instance) throws LibvirtException {
    try {
      return conn.connect().domainLookupByUUID(instance);
    } catch (LibvirtException e) {
      if (isNotFound(e)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The guest's run state. An active domain is paused or running; libvirt's other active states
   * (blocked, shutting down) still hold the QEMU process and the host's devices, and the bindings
   * fold the ones newer than they are (pmsuspended) into the last they know, so all of those read
   * as running. An inactive domain with a managed save image is saved.
   */
  static GuestState state(Domain domain) throws LibvirtException {
    if (domain.isActive() == 1) {
      return domain.getInfo().state == DomainState.VIR_DOMAIN_PAUSED ? GuestState.PAUSED : GuestState.RUNNING;
    }
    return domain.hasManagedSaveImage() == 1 ? GuestState.SAVED : GuestState.SHUTOFF;
  }

  VdpaComputeException failed(UUID instance, GuestOperation operation, String detail, LibvirtException e) {
    if (isNotFound(e)) {
      // The domain was undefined under us, between the lookup and the call.
      return new GuestNotFoundException(conn.hostname(), instance);
    }
    String where = "libvirt at " + conn.uri() + (detail == null ? "" : " (" + detail + ")");
    return new HypervisorOperationException(conn.hostname(), instance, operation, where + ": " + e.getMessage(), e);
  }

  /**
   * Only low error codes are trusted: the bindings' code enum predates libvirt's newer codes and is
   * misaligned with them past {@code VIR_ERR_OPERATION_INVALID}.
   */
  static boolean isNotFound(LibvirtException e) {
    return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN;
  }

  /**
   * Releases the bindings' handle now rather than in a finalizer. Failing to free a handle just
   * obtained means the pointer is already gone; there is nothing to undo.
   */
  static void free(Domain domain) {
    try {
      domain.free();
    } catch (LibvirtException e) {
      // see above
    }
  }
}
