package org.vdpacompute.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestBlueprint.Nic;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.ovs.PlugOutcome;
import org.vdpacompute.ovs.PortBinding;
import org.vdpacompute.ovs.SwitchException;
import org.vdpacompute.ovs.SwitchHealth;
import org.vdpacompute.ovs.SwitchPorts;
import org.vdpacompute.ovs.SwitchReconciliation;
import org.vdpacompute.ovs.SwitchSettings;
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.Representors;
import org.vdpacompute.virt.guest.PortDevice;

/**
 * This host's VF representors in the offloaded switch ({@code [ovs]}, CONTRACT section 6): the
 * representor of each {@code vdpa} and {@code direct} port ({@link
 * org.vdpacompute.core.pci.request.VnicType#pluggedIntoSwitch}) is plugged into the bridge before
 * the port's device reaches a guest here, and unplugged once the port has left the host.
 *
 * <p>Plugging fails the operation: a port whose representor is not in the switch carries no packet,
 * so a guest is not started, moved here or given a port without it. Unplugging never does: the
 * device has left the guest already, and an unplug the switch could not take is redone by {@link
 * #reconcile}, when the agent starts and when the switch comes back, which makes the bridge hold
 * exactly what this host's guests hold, found in the guests' own domain XML ({@link PortDevice}).
 * A suspended guest keeps its ports plugged, though its passthrough devices are out of it until it
 * resumes. Reconciling waits for the guest actions under way ({@link #during}), which plug and
 * define a guest in steps it must not come between.
 */
public final class HostSwitch {
  private static final Logger LOG = LoggerFactory.getLogger(HostSwitch.class);

  private final SwitchPorts ports;
  private final boolean managed;
  private final Representors representors;
  private final DeviceDiscovery devices;
  private final String host;
  private final ReentrantReadWriteLock actions = new ReentrantReadWriteLock();

  /**
   * @param representors the host's VF representors: sysfs on a real host, the topology on an emulated one
   * @param devices the host's devices, whose VFs' representors are this host's business in the bridge
   */
  public HostSwitch(SwitchSettings settings, Representors representors, DeviceDiscovery devices, String host) {
    this.ports = SwitchPorts.of(settings);
    this.managed = settings.plug();
    this.representors = representors;
    this.devices = devices;
    this.host = host;
  }

  /** A host whose agent plugs nothing ({@code [ovs] plug = false}). */
  public static HostSwitch unmanaged(String host) {
    return new HostSwitch(new SwitchSettings(false, SwitchSettings.DEFAULT_BRIDGE, SwitchSettings.DEFAULT_ENDPOINT,
        SwitchSettings.DEFAULT_TIMEOUT), vf -> java.util.Optional.empty(), List::of, host);
  }

  /** What the host's report says of its switch; asks the switch, within its timeout. */
  public SwitchStatus status() {
    if (!managed) {
      return SwitchStatus.NOT_MANAGED;
    }
    SwitchHealth health = ports.health();
    return health.usable() ? SwitchStatus.UP : SwitchStatus.down(health.detail());
  }

  /** Runs a guest action that plugs or unplugs; a reconciliation waits for it, and it for one. */
  <T> T during(Supplier<T> action) {
    actions.readLock().lock();
    try {
      return action.get();
    } finally {
      actions.readLock().unlock();
    }
  }

  void during(Runnable action) {
    during(() -> {
      action.run();
      return null;
    });
  }

  /**
   * Plugs the representors of the guest's ports that go through the switch, all or none: after a
   * failure, those this call added or rebound are unplugged again.
   *
   * @throws PortPlugException naming the port, the guest and what the switch answered
   */
  void plug(UUID instance, List<Nic> nics) {
    if (!managed) {
      return;
    }
    List<PortBinding> added = new ArrayList<>();
    for (Nic nic : nics) {
      if (!throughSwitch(nic)) {
        continue;
      }
      PortBinding binding = binding(instance, nic);
      PlugOutcome outcome;
      try {
        outcome = ports.plug(binding);
      } catch (SwitchException e) {
        PortPlugException failure = new PortPlugException(host, instance, nic.portId(), binding.representor(), e);
        for (PortBinding done : added) {
          Undo.after(failure, "unplug representor " + done.representor() + " of port " + done.portId(),
              () -> ports.unplug(done.representor(), done.portId()));
        }
        throw failure;
      }
      LOG.info("representor {} of port {} (guest {}): {}", binding.representor(), nic.portId(), instance, outcome);
      if (outcome != PlugOutcome.UNCHANGED) {
        added.add(binding);
      }
    }
  }

  /** Unplugs the representor of one port of the guest; a switch that cannot take it is left to {@link #reconcile}. */
  void unplug(UUID instance, Nic nic) {
    if (!managed || !throughSwitch(nic)) {
      return;
    }
    representors.representorOf(nic.device().address()).ifPresent(representor -> bestEffort(instance,
        () -> LOG.info("representor {} of port {} (guest {}): {}", representor, nic.portId(), instance,
            ports.unplug(representor, nic.portId().toString()))));
  }

  /**
   * Unplugs every representor of this host bound to the guest but those of {@code keep}: the guest
   * left the host, or was defined anew with other devices. Best effort, as {@link #unplug}.
   */
  void unplugAllBut(UUID instance, List<Nic> keep) {
    if (!managed) {
      return;
    }
    bestEffort(instance, () -> {
      Set<String> kept = new HashSet<>();
      for (Nic nic : keep) {
        if (throughSwitch(nic)) representors.representorOf(nic.device().address()).ifPresent(kept::add);
      }
      Set<String> mine = hostRepresentors();
      for (PortBinding b : ports.plugged()) {
        if (b.instance().equals(instance) && mine.contains(b.representor()) && !kept.contains(b.representor())) {
          LOG.info("representor {} of port {} (guest {}): {}", b.representor(), b.portId(), instance,
              ports.unplug(b.representor(), b.portId()));
        }
      }
    });
  }

  void unplugAll(UUID instance) {
    unplugAllBut(instance, List.of());
  }

  /**
   * Makes the bridge hold exactly the representors of the ports this host's guests hold: those of
   * their domains' port devices, and those already plugged for a paused guest (suspended, its
   * passthrough devices are out of it until it resumes). This host's other representors are
   * unplugged; interfaces of the bridge that are not this host's representors are left alone.
   *
   * @throws SwitchException when the switch cannot be reached; nothing is changed then
   */
  public void reconcile(GuestLifecycle guests) {
    if (!managed) {
      return;
    }
    actions.writeLock().lock();
    try {
      Map<String, PciAddress> vfsByChardev = new HashMap<>();
      for (DeviceReport d : devices.discover()) {
        if (d.vdpa() != null) vfsByChardev.put(d.vdpa().chardev(), d.address());
      }
      List<PortBinding> present = ports.plugged();
      Map<String, PortBinding> wanted = new HashMap<>();
      Set<UUID> paused = new HashSet<>();
      for (GuestInfo guest : guests.listGuests()) {
        if (guest.state() == GuestState.PAUSED) paused.add(guest.uuid());
        for (PortDevice device : portDevices(guests, guest.uuid())) {
          PciAddress vf = device.vf() != null ? device.vf() : vfsByChardev.get(device.vdpaChardev());
          String representor = vf == null ? null : representors.representorOf(vf).orElse(null);
          if (representor == null) {
            LOG.warn("guest {} holds port {} on {}, which has no representor on host {}; it cannot be plugged",
                guest.uuid(), device.portId(), vf == null ? device.vdpaChardev() : vf, host);
            continue;
          }
          wanted.put(representor, new PortBinding(representor, device.portId().toString(), device.mac(), guest.uuid()));
        }
      }
      for (PortBinding b : present) {
        if (paused.contains(b.instance())) wanted.putIfAbsent(b.representor(), b);
      }
      SwitchReconciliation plan = SwitchReconciliation.plan(wanted.values(), present, hostRepresentors());
      if (!plan.isEmpty()) {
        LOG.info("host {}: unplugging {} and plugging {} to match its guests", host, plan.toUnplug(), plan.toPlug());
        plan.apply(ports);
      }
    } finally {
      actions.writeLock().unlock();
    }
  }

  private static List<PortDevice> portDevices(GuestLifecycle guests, UUID guest) {
    try {
      return PortDevice.in(guests.domainXml(guest));
    } catch (GuestNotFoundException goneMeanwhile) {
      return List.of();
    }
  }

  private static boolean throughSwitch(Nic nic) {
    return nic.device() != null && nic.vnicType().pluggedIntoSwitch();
  }

  private PortBinding binding(UUID instance, Nic nic) {
    PciAddress vf = nic.device().address();
    String representor = representors.representorOf(vf)
        .orElseThrow(() -> new NoRepresentorException(host, vf, nic.portId()));
    return new PortBinding(representor, nic.portId().toString(), nic.mac(), instance);
  }

  /** The representors of every VF of this host: the interfaces of the bridge that are this agent's business. */
  private Set<String> hostRepresentors() {
    Set<String> names = new HashSet<>();
    for (DeviceReport d : devices.discover()) {
      if (d.type() == DevType.VF || d.type() == DevType.VDPA) {
        representors.representorOf(d.address()).ifPresent(names::add);
      }
    }
    return names;
  }

  private void bestEffort(UUID instance, Runnable unplugs) {
    try {
      unplugs.run();
    } catch (SwitchException e) {
      LOG.warn("host {}: representors of guest {} stay in the switch until it can be reconciled", host, instance, e);
    }
  }
}
