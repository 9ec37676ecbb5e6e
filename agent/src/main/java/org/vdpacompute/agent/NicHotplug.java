package org.vdpacompute.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.vdpacompute.agent.protocol.GuestBlueprint.Nic;
import org.vdpacompute.virt.InterfaceHotplug;
import org.vdpacompute.virt.guest.GuestXmlBuilder;

/**
 * Plugs a blueprint's nics into a live guest and out again. Each nic's device XML is the element the
 * guest's whole domain has for it ({@link GuestSpecs#device}, {@link GuestXmlBuilder#device}), so a
 * nic plugged in later is the nic a spawn would have given.
 */
final class NicHotplug {
  private static final GuestXmlBuilder XML = new GuestXmlBuilder();

  private final InterfaceHotplug hotplug;
  private final GuestSpecs specs;

  NicHotplug(InterfaceHotplug hotplug, GuestSpecs specs) {
    this.hotplug = hotplug;
    this.specs = specs;
  }

  void attach(UUID instance, Nic nic) {
    hotplug.attachDevice(instance, XML.device(specs.device(nic)));
  }

  void detach(UUID instance, Nic nic) {
    hotplug.detachDevice(instance, XML.device(specs.device(nic)));
  }

  /** Attaches every nic or none: after a failure those already attached are detached again. */
  void attachAll(UUID instance, List<Nic> nics) {
    each(instance, nics, this::attach, this::detach, "detach");
  }

  /** Detaches every nic or none: after a failure those already detached are attached again. */
  void detachAll(UUID instance, List<Nic> nics) {
    each(instance, nics, this::detach, this::attach, "attach again");
  }

  @FunctionalInterface
  private interface Step {
    void apply(UUID instance, Nic nic);
  }

  private static void each(UUID instance, List<Nic> nics, Step step, Step undo, String undoName) {
    List<Nic> done = new ArrayList<>();
    try {
      for (Nic nic : nics) {
        step.apply(instance, nic);
        done.add(nic);
      }
    } catch (RuntimeException e) {
      for (int i = done.size() - 1; i >= 0; i--) {
        Nic nic = done.get(i);
        Undo.after(e, undoName + " port " + nic.portId() + " of guest " + instance, () -> undo.apply(instance, nic));
      }
      throw e;
    }
  }
}
