package org.vdpacompute.virt.libvirt;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.Libvirt;

/**
 * The domain events of one connection: lifecycle through the bindings' listener, device removal
 * through libvirt's C API ({@code virConnectDomainEventRegisterAny}) with the bindings' own JNA
 * interface, since libvirt-java 0.5.2 wraps neither {@code VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED} nor
 * {@code VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED}. Callbacks run on the event loop's thread.
 */
final class DomainEvents implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DomainEvents.class.getName());

  // virDomainEventID of libvirt's libvirt-domain.h.
  static final int DEVICE_REMOVED = 15;
  static final int DEVICE_REMOVAL_FAILED = 22;

  /** {@code virConnectDomainEventDeviceRemovedCallback}, and the same shape for removal failed. */
  interface DeviceCallback extends Libvirt.VirDomainEventCallback {
    void eventCallback(ConnectionPointer conn, DomainPointer dom, String devAlias, Pointer opaque);
  }

  private final EventConnect connect;
  private final String uri;
  // Held in fields for as long as libvirt may call them: JNA frees a callback that is collected.
  private final DeviceCallback removed;
  private final DeviceCallback removalFailed;
  private final LifecycleListener lifecycle;
  private final int removedId;
  private final int removalFailedId;

  DomainEvents(EventConnect connect, String uri, DeviceRemovals removals, PowerStates states) throws LibvirtException {
    this.connect = connect;
    this.uri = uri;
    this.removed = (c, dom, alias, opaque) -> removals.event(uuid(dom), alias, DeviceRemovals.Outcome.REMOVED);
    this.removalFailed = (c, dom, alias, opaque) -> removals.event(uuid(dom), alias, DeviceRemovals.Outcome.FAILED);
    this.lifecycle = (Domain domain, DomainEvent event) -> {
      try {
        UUID instance = UUID.fromString(domain.getUUIDString());
        PowerStates.of(event).ifPresent(state -> states.changed(instance, state));
      } catch (LibvirtException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a lifecycle event could not be read: " + event, e);
      }
      return 0;
    };
    this.removedId = register(DEVICE_REMOVED, removed);
    this.removalFailedId = register(DEVICE_REMOVAL_FAILED, removalFailed);
    connect.addLifecycleListener(lifecycle);
  }

  private int register(int eventId, DeviceCallback callback) {
    int id = Libvirt.INSTANCE.virConnectDomainEventRegisterAny(connect.pointer(), null, eventId, callback, null, null);
    if (id < 0) {
      org.libvirt.jna.virError error = Libvirt.INSTANCE.virGetLastError();
      throw new LibvirtConnectionException(uri, "cannot register for libvirt's domain event " + eventId + ": "
          + (error == null ? "no reason given" : error.message), null);
    }
    return id;
  }

  private static UUID uuid(DomainPointer domain) {
    byte[] text = new byte[37];
    Libvirt.INSTANCE.virDomainGetUUIDString(domain, text);
    return UUID.fromString(new String(text, 0, 36, StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    Libvirt.INSTANCE.virConnectDomainEventDeregisterAny(connect.pointer(), removedId);
    Libvirt.INSTANCE.virConnectDomainEventDeregisterAny(connect.pointer(), removalFailedId);
    try {
      connect.removeLifecycleListener(lifecycle);
    } catch (LibvirtException e) {
      LOG.log(System.Logger.Level.DEBUG, "lifecycle listener already gone with the connection", e);
    }
  }
}
