package org.vdpacompute.virt.libvirt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.guest.SerialLog;

/**
 * Guests as persistent libvirt domains whose domain UUID is the instance UUID. Stop is a clean
 * shutdown that falls back to a hard power-off, as Nova's {@code power_off}; save is a managed save,
 * which the next start restores.
 */
final class LibvirtGuests implements GuestLifecycle {

  // From libvirt's virDomainUndefineFlagsValues; the bindings lack NVRAM.
  private static final int UNDEFINE_MANAGED_SAVE = 1;
  private static final int UNDEFINE_NVRAM = 4;

  private final DomainAccess access;
  private final Duration cleanShutdownTimeout;

  LibvirtGuests(DomainAccess access, Duration cleanShutdownTimeout) {
    this.access = access;
    this.cleanShutdownTimeout = cleanShutdownTimeout;
  }

  @Override
  public void defineAndStart(UUID instance, String domainXml) {
    LibvirtConnection conn = access.connection();
    requireUuid(instance, domainXml);
    Domain domain;
    try {
      Domain existing = access.find(instance);
      if (existing != null) {
        GuestState state;
        try {
          state = DomainAccess.state(existing);
        } finally {
          DomainAccess.free(existing);
        }
        throw new GuestStateException(conn.hostname(), instance, GuestOperation.SPAWN, state);
      }
      domain = conn.connect().domainDefineXML(domainXml);
    } catch (LibvirtException e) {
      throw access.failed(instance, GuestOperation.SPAWN, null, e);
    }
    try {
      domain.create();
    } catch (LibvirtException e) {
      // Spawn is all or nothing: a guest that cannot start is not left defined.
      RuntimeException failure = access.failed(instance, GuestOperation.SPAWN, null, e);
      try {
        domain.undefine(UNDEFINE_MANAGED_SAVE);
      } catch (LibvirtException undefine) {
        failure.addSuppressed(undefine);
      }
      throw failure;
    } finally {
      DomainAccess.free(domain);
    }
  }

  /** Refuses XML whose {@code <uuid>} is not the instance's: defining it would touch another guest. */
  private void requireUuid(UUID instance, String domainXml) {
    String uuid;
    try {
      uuid = Xml.text(Xml.parse(domainXml, "domain XML"), "/domain/uuid");
    } catch (InvalidValueException e) {
      throw refused(instance, e.getMessage());
    }
    if (uuid == null || uuid.isEmpty()) {
      throw refused(instance, "the domain XML has no <uuid>; it must be the instance UUID");
    }
    boolean same;
    try {
      same = UUID.fromString(uuid).equals(instance);
    } catch (IllegalArgumentException e) {
      same = false;
    }
    if (!same) {
      throw refused(instance, "the domain XML's <uuid> is " + uuid + ", not the instance UUID");
    }
  }

  private HypervisorOperationException refused(UUID instance, String reason) {
    return new HypervisorOperationException(
        access.connection().hostname(), instance, GuestOperation.SPAWN, reason);
  }

  @Override
  public void stop(UUID instance) {
    access.act(instance, GuestOperation.STOP, (domain, before) -> {
      // A paused guest cannot act on the ACPI power button; only a power-off stops it.
      if (before == GuestState.PAUSED || !shutDownCleanly(instance, domain)) {
        domain.destroy();
      }
    });
  }

  /**
   * Asks the guest to shut down and waits for libvirt's lifecycle event saying it stopped; false
   * when it is still running at the timeout. The wait is registered before the request, so a
   * guest that stops at once is not missed; the domain's own state has the last word.
   */
  private boolean shutDownCleanly(UUID instance, Domain domain) throws LibvirtException {
    try (PowerStates.Awaited stopped = access.connection().powerStates().expect(instance, GuestState.SHUTOFF)) {
      domain.shutdown();
      if (domain.isActive() == 1) {
        stopped.await(cleanShutdownTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return domain.isActive() != 1;
  }

  @Override
  public void start(UUID instance) {
    // create() restores a managed save image when the domain has one.
    access.act(instance, GuestOperation.START, (domain, before) -> domain.create());
  }

  @Override
  public void reboot(UUID instance) {
    access.act(instance, GuestOperation.REBOOT, (domain, before) -> domain.reboot(0));
  }

  @Override
  public void suspend(UUID instance) {
    access.act(instance, GuestOperation.SUSPEND, (domain, before) -> domain.suspend());
  }

  @Override
  public void resume(UUID instance) {
    access.act(instance, GuestOperation.RESUME, (domain, before) -> domain.resume());
  }

  @Override
  public void save(UUID instance) {
    access.act(instance, GuestOperation.SAVE, (domain, before) -> domain.managedSave());
  }

  @Override
  public void destroy(UUID instance) {
    access.act(instance, GuestOperation.DESTROY, (domain, before) -> {
      if (before.isActive()) {
        domain.destroy();
      }
      undefine(domain);
    });
  }

  /**
   * Undefines with the managed save image and UEFI variables, which would otherwise block the
   * undefine. Drivers without NVRAM support (the test driver) refuse that flag; like Nova, the
   * undefine is then tried again without it.
   */
  private static void undefine(Domain domain) throws LibvirtException {
    try {
      domain.undefine(UNDEFINE_MANAGED_SAVE | UNDEFINE_NVRAM);
    } catch (LibvirtException withNvram) {
      try {
        domain.undefine(UNDEFINE_MANAGED_SAVE);
      } catch (LibvirtException without) {
        without.addSuppressed(withNvram);
        throw without;
      }
    }
  }

  /**
   * Lists running domains by id, then defined ones by name. libvirt's bindings lack the atomic
   * {@code virConnectListAllDomains}, so a guest that changes state between the two listings can be
   * missing from one answer; the caller's next reconciliation sees it.
   */
  @Override
  public List<GuestInfo> listGuests() {
    LibvirtConnection conn = access.connection();
    Connect c = conn.connect();
    List<GuestInfo> guests = new ArrayList<>();
    try {
      for (int id : c.listDomains()) {
        addGuest(guests, () -> c.domainLookupByID(id));
      }
      for (String name : c.listDefinedDomains()) {
        addGuest(guests, () -> c.domainLookupByName(name));
      }
    } catch (LibvirtException e) {
      throw conn.queryFailed("the guest list", e);
    }
    guests.sort(Comparator.comparing(g -> g.uuid().toString()));
    return guests;
  }

  @FunctionalInterface
  private interface Lookup {
    Domain find() throws LibvirtException;
  }

  private static void addGuest(List<GuestInfo> guests, Lookup lookup) throws LibvirtException {
    Domain domain;
    try {
      domain = lookup.find();
    } catch (LibvirtException e) {
      if (DomainAccess.isNotFound(e)) {
        return; // gone since it was listed
      }
      throw e;
    }
    try {
      infoOrBroken(domain).ifPresent(guests::add);
    } finally {
      DomainAccess.free(domain);
    }
  }

  /**
   * The domain's summary; one libvirt cannot describe is listed as broken with libvirt's reason, so
   * that one damaged domain fails no listing of the host. A domain gone meanwhile, or whose very
   * UUID cannot be read (so that it cannot be named), is left out.
   */
  private static Optional<GuestInfo> infoOrBroken(Domain domain) {
    try {
      return Optional.of(info(domain));
    } catch (LibvirtException | IllegalArgumentException e) {
      if (e instanceof LibvirtException l && DomainAccess.isNotFound(l)) return Optional.empty();
      try {
        UUID uuid = UUID.fromString(domain.getUUIDString());
        return Optional.of(GuestInfo.broken(uuid, uuid.toString(), "libvirt cannot describe it: " + e.getMessage()));
      } catch (LibvirtException | IllegalArgumentException unnamed) {
        return Optional.empty();
      }
    }
  }

  private static GuestInfo info(Domain domain) throws LibvirtException {
    return new GuestInfo(UUID.fromString(domain.getUUIDString()), domain.getName(), DomainAccess.state(domain));
  }

  @Override
  public GuestInfo guest(UUID instance) {
    return access.read(instance, "the state", LibvirtGuests::info);
  }

  @Override
  public String domainXml(UUID instance) {
    // Flags 0: the live definition when running (with hot-plugged devices), else the persistent one.
    return access.read(instance, "the domain XML", domain -> domain.getXMLDesc(0));
  }

  /**
   * The end of the serial log the domain XML names (the builder gives every guest one, as Nova
   * does); read from the file QEMU writes, which needs the agent to run where QEMU runs.
   */
  @Override
  public String consoleLog(UUID instance) {
    java.nio.file.Path log = SerialLog.of(domainXml(instance)).orElseThrow(() -> new HypervisorOperationException(
        access.connection().hostname(), instance, GuestOperation.CONSOLE_LOG, "the guest's domain logs its serial console to no file"));
    return SerialLog.tail(log, MAX_CONSOLE_BYTES);
  }
}
