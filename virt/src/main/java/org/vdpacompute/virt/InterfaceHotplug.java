package org.vdpacompute.virt;

import java.util.UUID;

/**
 * Adds and removes devices of a live guest, given as libvirt device XML: an {@code <interface>}
 * or a {@code <hostdev>}. The guest must be running or paused.
 */
public interface InterfaceHotplug {

  void attachDevice(UUID instance, String deviceXml);

  /**
   * Removes the guest's device matching {@code deviceXml}: an interface by its MAC address, a
   * hostdev by its PCI address.
   */
  void detachDevice(UUID instance, String deviceXml);
}
