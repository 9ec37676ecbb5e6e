package org.vdpacompute.virt.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.ConnectionPointer;

/**
 * A connection whose native pointer this driver can hand to libvirt's C API through the bindings'
 * own JNA layer, for the domain events the bindings do not wrap (device removed).
 */
final class EventConnect extends Connect {
  EventConnect(String uri) throws LibvirtException {
    super(uri);
  }

  ConnectionPointer pointer() {
    return vcp;
  }
}
