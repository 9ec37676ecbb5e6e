package org.vdpacompute.virt.emulated;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestDeviceConflictException;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.InterfaceHotplug;
import org.vdpacompute.virt.guest.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The guests of one emulated host and every operation on them. Each operation checks, in order,
 * that the guest exists and is not leaving, that its state allows the operation ({@link
 * GuestOperation}), that its devices can be opened ({@link HostResources}) and that no failure is
 * armed ({@link FaultInjector}); only then does it write, so a refused call changes nothing.
 * Operations are serialised per host, as libvirt serialises jobs per domain.
 */
final class EmulatedGuests implements GuestLifecycle, InterfaceHotplug {
  private final String host;
  private final GuestStore store;
  private final HostResources resources;
  private final FaultInjector faults;
  private final DomainSummaries summaries;
  private final EmulatedConsole console;
  /** Guests exported for live migration and not yet completed or aborted; in memory only. */
  private final Set<UUID> outgoing = new HashSet<>();

  EmulatedGuests(String host, GuestStore store, HostResources resources, FaultInjector faults) {
    this.host = host;
    this.store = store;
    this.resources = resources;
    this.faults = faults;
    this.summaries = new DomainSummaries(store);
    this.console = new EmulatedConsole(host, store);
  }

  @Override
  public synchronized void defineAndStart(UUID instance, String domainXml) {
    if (store.exists(instance)) {
      throw new GuestStateException(host, GuestOperation.SPAWN, inspect(instance));
    }
    Document domain = parseDomain(instance, GuestOperation.SPAWN, domainXml);
    checkDevices(instance, GuestOperation.SPAWN, domain.getDocumentElement(), false);
    faults.check(host, instance, GuestOperation.SPAWN);
    define(instance, domain, GuestState.RUNNING);
    console.after(instance, GuestOperation.SPAWN);
  }

  @Override
  public void stop(UUID instance) {
    transition(instance, GuestOperation.STOP);
  }

  @Override
  public void start(UUID instance) {
    transition(instance, GuestOperation.START);
  }

  @Override
  public void reboot(UUID instance) {
    transition(instance, GuestOperation.REBOOT);
  }

  @Override
  public void suspend(UUID instance) {
    transition(instance, GuestOperation.SUSPEND);
  }

  @Override
  public void resume(UUID instance) {
    transition(instance, GuestOperation.RESUME);
  }

  @Override
  public void save(UUID instance) {
    transition(instance, GuestOperation.SAVE);
  }

  @Override
  public synchronized void destroy(UUID instance) {
    current(instance, GuestOperation.DESTROY);
    faults.check(host, instance, GuestOperation.DESTROY);
    store.undefine(instance);
  }

  /** Every guest, a broken one ({@link GuestState#BROKEN}) with why: one damaged file fails no listing. */
  @Override
  public synchronized List<GuestInfo> listGuests() {
    List<GuestInfo> guests = new ArrayList<>();
    for (UUID uuid : store.list()) {
      guests.add(inspect(uuid));
    }
    return guests;
  }

  @Override
  public synchronized GuestInfo guest(UUID instance) {
    requireDefined(instance);
    return inspect(instance);
  }

  @Override
  public synchronized String domainXml(UUID instance) {
    requireDefined(instance);
    return store.readXml(instance);
  }

  @Override
  public synchronized String consoleLog(UUID instance) {
    requireDefined(instance);
    return console.tail(instance, MAX_CONSOLE_BYTES);
  }

  @Override
  public synchronized void attachDevice(UUID instance, String deviceXml) {
    current(instance, GuestOperation.ATTACH);
    Element device = parseDevice(instance, GuestOperation.ATTACH, deviceXml);
    Document domain = Xml.parse(store.readXml(instance));
    if (device.getTagName().equals("interface") && DomainDevices.mac(device) == null) {
      throw new HypervisorOperationException(host, instance, GuestOperation.ATTACH,
          "the interface has no MAC address, so it could never be detached");
    }
    if (DomainDevices.matching(domain, device) != null) {
      throw new GuestDeviceConflictException(host, instance, GuestOperation.ATTACH,
          "the guest already has an " + DomainDevices.describe(device));
    }
    checkDevices(instance, GuestOperation.ATTACH, device, true);
    faults.check(host, instance, GuestOperation.ATTACH);
    DomainDevices.devices(domain).appendChild(domain.importNode(device, true));
    store.writeXml(instance, Xml.write(domain));
  }

  @Override
  public synchronized void detachDevice(UUID instance, String deviceXml) {
    current(instance, GuestOperation.DETACH);
    Element device = parseDevice(instance, GuestOperation.DETACH, deviceXml);
    Document domain = Xml.parse(store.readXml(instance));
    Element existing = DomainDevices.matching(domain, device);
    if (existing == null) {
      throw new GuestDeviceConflictException(host, instance, GuestOperation.DETACH,
          "the guest has no " + DomainDevices.describe(device));
    }
    faults.check(host, instance, GuestOperation.DETACH);
    existing.getParentNode().removeChild(existing);
    store.writeXml(instance, Xml.write(domain));
  }

  /** First half of a live migration: the guest, as the destination is to define it. */
  synchronized MigratingGuest exportForMigration(UUID instance) {
    GuestState state = current(instance, GuestOperation.LIVE_MIGRATE);
    faults.check(host, instance, GuestOperation.LIVE_MIGRATE);
    outgoing.add(instance);
    return new MigratingGuest(instance, host, store.readXml(instance), state);
  }

  /** The destination's half: defines the arriving guest in the state it had on the source. */
  synchronized void acceptIncoming(MigratingGuest guest) {
    UUID instance = guest.uuid();
    if (guest.sourceHost().equals(host)) {
      throw new HypervisorOperationException(host, instance, GuestOperation.LIVE_MIGRATE,
          "the destination is the guest's own host");
    }
    if (store.exists(instance)) {
      throw new HypervisorOperationException(host, instance, GuestOperation.LIVE_MIGRATE,
          "a guest with this UUID is already defined on the destination");
    }
    Document domain = parseDomain(instance, GuestOperation.LIVE_MIGRATE, guest.domainXml());
    checkDevices(instance, GuestOperation.LIVE_MIGRATE, domain.getDocumentElement(), false);
    // A migration fails on either side; tests arm the destination's half here.
    faults.check(host, instance, GuestOperation.LIVE_MIGRATE);
    define(instance, domain, guest.state());
  }

  /** The guest runs on the destination now: it is gone from here. */
  synchronized void completeOutgoing(UUID instance) {
    requireOutgoing(instance);
    outgoing.remove(instance);
    store.undefine(instance);
  }

  /** The destination did not take the guest: it keeps running here. */
  synchronized void abortOutgoing(UUID instance) {
    requireOutgoing(instance);
    outgoing.remove(instance);
  }

  private synchronized void transition(UUID instance, GuestOperation operation) {
    GuestState before = current(instance, operation);
    GuestState after = operation.after(before);
    if (!before.isActive() && after.isActive()) {
      Element domain = Xml.parse(store.readXml(instance)).getDocumentElement();
      checkDevices(instance, operation, domain, false);
    }
    faults.check(host, instance, operation);
    store.writeState(instance, after);
    console.after(instance, operation);
  }

  /** The guest's state, once it is known to exist, to be here to stay, and to allow the operation. */
  private GuestState current(UUID instance, GuestOperation operation) {
    requireDefined(instance);
    if (outgoing.contains(instance)) {
      throw new HypervisorOperationException(host, instance, operation,
          "the guest is being live-migrated away from this host");
    }
    GuestInfo found = inspect(instance);
    if (!operation.allowedFrom(found.state())) {
      throw new GuestStateException(host, operation, found);
    }
    return found.state();
  }

  private void requireDefined(UUID instance) {
    if (!store.exists(instance)) {
      throw new GuestNotFoundException(host, instance);
    }
  }

  private void requireOutgoing(UUID instance) {
    if (!outgoing.contains(instance)) {
      throw new HypervisorOperationException(host, instance, GuestOperation.LIVE_MIGRATE,
          "the guest is not being migrated away from this host");
    }
  }

  /** Defines a guest from a domain this host checked and will not change again; its summary is kept from it. */
  private void define(UUID instance, Document domain, GuestState state) {
    store.define(instance, Xml.write(domain), state)
        .ifPresent(file -> summaries.wrote(instance, file, domain.getDocumentElement()));
  }

  /**
   * The guest as its files say, or {@link GuestState#BROKEN} with why when they cannot be read: a
   * damaged file is that guest's problem, never a failure of the host's other work.
   */
  private GuestInfo inspect(UUID uuid) {
    String name;
    try {
      name = summaries.name(uuid);
    } catch (RuntimeException e) {
      return GuestInfo.broken(uuid, uuid.toString(), "its domain file " + store.domainFile(uuid)
          + " cannot be read: " + e.getMessage());
    }
    try {
      return new GuestInfo(uuid, name, store.readState(uuid));
    } catch (RuntimeException e) {
      return GuestInfo.broken(uuid, name, e.getMessage());
    }
  }

  /**
   * Refuses devices the host cannot give: missing ones, vDPA on a host without it, and devices
   * held by active guests (and, for a hot-plug, by the guest itself).
   */
  private void checkDevices(UUID instance, GuestOperation operation, Element devices, boolean includeSelf) {
    Map<UUID, List<DomainDevices.HostUse>> inUse = new LinkedHashMap<>();
    for (UUID other : store.list()) {
      if ((includeSelf || !other.equals(instance)) && inspect(other).state().isActive()) {
        try {
          inUse.put(other, summaries.uses(other));
        } catch (InvalidValueException unreadable) {
          // A guest whose devices cannot be read holds none this host can name; the controller's claims still do.
        }
      }
    }
    List<DomainDevices.HostUse> wanted;
    try {
      wanted = DomainDevices.uses(devices);
    } catch (InvalidValueException e) {
      throw new HypervisorOperationException(host, instance, operation, e.getMessage(), e);
    }
    resources.refusal(wanted, inUse).ifPresent(reason -> {
      throw new HypervisorOperationException(host, instance, operation, reason);
    });
  }

  /** A domain XML whose UUID is the instance's and whose name no other guest here has. */
  private Document parseDomain(UUID instance, GuestOperation operation, String xml) {
    Document doc = parse(instance, operation, xml, "domain XML");
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("domain")) {
      throw new HypervisorOperationException(host, instance, operation,
          "the domain XML's root is <" + root.getTagName() + ">, not <domain>");
    }
    Element uuid = Xml.child(root, "uuid");
    if (uuid == null || !uuid.getTextContent().strip().equalsIgnoreCase(instance.toString())) {
      throw new HypervisorOperationException(host, instance, operation,
          "the domain XML's <uuid> is " + (uuid == null ? "missing" : "'" + uuid.getTextContent() + "'")
              + ", not the instance's");
    }
    Element name = Xml.child(root, "name");
    if (name == null || name.getTextContent().isBlank()) {
      throw new HypervisorOperationException(host, instance, operation, "the domain XML has no <name>");
    }
    for (UUID other : store.list()) {
      if (!other.equals(instance) && inspect(other).name().equals(name.getTextContent())) {
        throw new HypervisorOperationException(host, instance, operation,
            "domain name '" + name.getTextContent() + "' is already used by guest " + other);
      }
    }
    return doc;
  }

  private Element parseDevice(UUID instance, GuestOperation operation, String xml) {
    Element device = parse(instance, operation, xml, "device XML").getDocumentElement();
    String tag = device.getTagName();
    if (!tag.equals("interface") && !tag.equals("hostdev")) {
      throw new HypervisorOperationException(host, instance, operation,
          "device XML is a <" + tag + ">; only <interface> and <hostdev> can be hot-plugged");
    }
    return device;
  }

  private Document parse(UUID instance, GuestOperation operation, String xml, String what) {
    try {
      return Xml.parse(xml);
    } catch (InvalidValueException e) {
      throw new HypervisorOperationException(host, instance, operation, what + " is " + e.getMessage(), e);
    }
  }
}
