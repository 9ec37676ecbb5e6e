package org.vdpacompute.agent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.GuestBlueprint.Nic;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.guest.GuestXmlBuilder;

/**
 * What the controller asks of a guest on this host, in the order each needs. Steps that touch
 * several things (nics, then the guest's state) check the guest's state first, so that a request
 * the state machine forbids changes nothing, and undo their earlier steps when a later one fails.
 */
final class GuestActions {
  private static final Logger LOG = LoggerFactory.getLogger(GuestActions.class);
  private static final GuestXmlBuilder XML = new GuestXmlBuilder();

  private final String host;
  private final GuestLifecycle guests;
  private final GuestSpecs specs;
  private final NicHotplug nics;
  private final HostSwitch ports;

  GuestActions(HostDriver driver, GuestSpecs specs, NicHotplug nics, HostSwitch ports) {
    this.host = driver.hostname();
    this.guests = driver.parts().guests();
    this.specs = specs;
    this.nics = nics;
    this.ports = ports;
  }

  /**
   * Defines the guest from its blueprint and starts it, its ports' representors plugged into the
   * offloaded switch first. A guest already defined here and shut off is defined anew: that is how a
   * same-host resize, its revert and a cold move back to this host change a stopped guest's size
   * and devices; representors of devices it no longer has are unplugged once it runs. A running,
   * paused or saved guest is refused, since defining it anew would cut a live guest off or drop its
   * saved memory. If the new definition cannot start, the guest is left undefined with nothing
   * plugged, and a spawn from either blueprint defines it again.
   */
  GuestInfo spawn(GuestBlueprint blueprint) {
    UUID uuid = blueprint.uuid();
    // Built first: a blueprint this host cannot build changes nothing.
    String domainXml = XML.build(specs.of(blueprint));
    return ports.during(() -> {
      Optional<GuestState> existing = state(uuid);
      if (existing.isPresent() && existing.get() != GuestState.SHUTOFF) {
        throw new ConflictException("guest " + uuid + " is already defined on host " + host + " and " + existing.get()
            + "; a blueprint defines anew only a shut-off guest");
      }
      ports.plug(uuid, blueprint.nics());
      try {
        if (existing.isPresent()) {
          LOG.info("guest {} is shut off; it is defined anew from its blueprint", uuid);
          guests.destroy(uuid);
        }
        LOG.info("starting guest {} ({} ports)", uuid, blueprint.nics().size());
        guests.defineAndStart(uuid, domainXml);
      } catch (RuntimeException e) {
        Undo.after(e, "unplug the representors of guest " + uuid, () -> ports.unplugAll(uuid));
        throw e;
      }
      ports.unplugAllBut(uuid, blueprint.nics());
      return guests.guest(uuid);
    });
  }

  /** Powers the guest off and undefines it, then unplugs its ports' representors; a guest already gone is fine. */
  void destroy(UUID uuid) {
    ports.during(() -> {
      try {
        guests.destroy(uuid);
      } catch (GuestNotFoundException alreadyGone) {
        // Deleting twice is how a controller retries after losing the first answer.
      }
      ports.unplugAll(uuid);
    });
  }

  /**
   * Plugs the representors of a guest that is about to arrive in a live migration, before it does:
   * the ports carry packets here the moment it runs here.
   */
  void expect(GuestBlueprint arriving) {
    ports.during(() -> ports.plug(arriving.uuid(), arriving.nics()));
  }

  /** Unplugs what {@link #expect} plugged for a guest that did not arrive; a guest that is here keeps its ports. */
  void notArriving(UUID uuid) {
    ports.during(() -> {
      if (state(uuid).isPresent()) {
        throw new ConflictException("guest " + uuid + " is defined on host " + host + "; its ports stay plugged");
      }
      ports.unplugAll(uuid);
    });
  }

  /** Stops, starts or reboots the guest. */
  void power(UUID uuid, PowerAction action) {
    Runnable run = switch (action) {
      case STOP -> () -> guests.stop(uuid);
      case START -> () -> guests.start(uuid);
      case REBOOT -> () -> guests.reboot(uuid);
    };
    LOG.info("{} of guest {}", action.apiName(), uuid);
    run.run();
  }

  /** Unplugs the guest's passthrough nics, then pauses it; if it cannot be paused, they are plugged in again. */
  void suspend(GuestBlueprint blueprint) {
    UUID uuid = blueprint.uuid();
    require(uuid, GuestOperation.SUSPEND);
    List<Nic> passthrough = blueprint.passthroughNics();
    LOG.info("suspending guest {} without its {} passthrough ports", uuid, passthrough.size());
    nics.detachAll(uuid, passthrough);
    try {
      guests.suspend(uuid);
    } catch (RuntimeException e) {
      Undo.after(e, "attach again the passthrough ports of guest " + uuid, () -> nics.attachAll(uuid, passthrough));
      throw e;
    }
  }

  /** Resumes the guest, then plugs its passthrough nics in; if they cannot be, it is paused again without them. */
  void resume(GuestBlueprint blueprint) {
    UUID uuid = blueprint.uuid();
    require(uuid, GuestOperation.RESUME);
    List<Nic> passthrough = blueprint.passthroughNics();
    LOG.info("resuming guest {} with its {} passthrough ports", uuid, passthrough.size());
    guests.resume(uuid);
    try {
      nics.attachAll(uuid, passthrough);
    } catch (RuntimeException e) {
      Undo.after(e, "pause guest " + uuid + " again", () -> guests.suspend(uuid));
      throw e;
    }
  }

  /** Plugs the port's representor into the switch, then the port into the guest; unplugs it again if that fails. */
  void attach(UUID uuid, Nic nic) {
    LOG.info("attaching port {} ({}) to guest {}", nic.portId(), nic.vnicType(), uuid);
    ports.during(() -> {
      require(uuid, GuestOperation.ATTACH);
      ports.plug(uuid, List.of(nic));
      try {
        nics.attach(uuid, nic);
      } catch (RuntimeException e) {
        Undo.after(e, "unplug the representor of port " + nic.portId(), () -> ports.unplug(uuid, nic));
        throw e;
      }
    });
  }

  /** Unplugs the port from the guest, then its representor from the switch. */
  void detach(UUID uuid, Nic nic) {
    LOG.info("detaching port {} ({}) from guest {}", nic.portId(), nic.vnicType(), uuid);
    ports.during(() -> {
      nics.detach(uuid, nic);
      ports.unplug(uuid, nic);
    });
  }

  /** The guest's state, once it allows {@code operation}; a state that does not is refused (409). */
  GuestState require(UUID uuid, GuestOperation operation) {
    GuestState state = guests.guest(uuid).state();
    if (!operation.allowedFrom(state)) {
      throw new GuestStateException(host, uuid, operation, state);
    }
    return state;
  }

  private Optional<GuestState> state(UUID uuid) {
    try {
      return Optional.of(guests.guest(uuid).state());
    } catch (GuestNotFoundException notDefined) {
      return Optional.empty();
    }
  }
}
