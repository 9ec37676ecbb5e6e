package org.vdpacompute.virt.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A device of a guest's domain that serves a network port through a VF, as the domain XML says it:
 * the {@code <interface type="vdpa">} on a VF's vhost-vdpa device or the {@code <interface
 * type="hostdev">} of a VF, each named after its port by a libvirt user alias, {@code ua-PORT_ID}.
 * {@link GuestXmlBuilder} writes the alias; {@link #in} reads it back, so that what a host's guests
 * hold can be found from the guests alone (the agent does so on start, to put the offloaded switch
 * in line with them). libvirt keeps a user alias through hot-plug, restarts and migration, and names
 * the device by it in its device-removed event.
 *
 * @param vf the VF of a hostdev interface; null for a vDPA interface
 * @param vdpaChardev the vhost-vdpa device of a vDPA interface; null for a hostdev interface
 */
public record PortDevice(UUID portId, MacAddress mac, PciAddress vf, String vdpaChardev) {

  /** libvirt's prefix of user aliases (since 3.9): aliases without it are libvirt's own ({@code net0}). */
  static final String USER_ALIAS = "ua-";

  public PortDevice {
    if (portId == null || mac == null || (vf == null) == (vdpaChardev == null)) {
      throw new InvalidValueException("a port's device needs its port id, its MAC and either a VF or a vDPA device");
    }
  }

  /** The user alias naming a port's device. */
  static String alias(UUID portId) {
    return USER_ALIAS + portId;
  }

  /**
   * The port devices of a domain, in document order. An interface without a port's alias (a guest
   * defined before aliases were written, or by hand) is left out: it names no port.
   */
  public static List<PortDevice> in(String domainXml) {
    Document domain = Xml.parse(domainXml, "the guest's domain XML");
    Element devices = Xml.child(domain.getDocumentElement(), "devices");
    List<PortDevice> found = new ArrayList<>();
    if (devices == null) {
      return found;
    }
    for (Element iface : Xml.children(devices, "interface")) {
      Optional<UUID> port = portOf(iface);
      Element mac = Xml.child(iface, "mac");
      Element source = Xml.child(iface, "source");
      if (port.isEmpty() || mac == null || source == null) {
        continue;
      }
      MacAddress address = MacAddress.parse(mac.getAttribute("address"));
      switch (iface.getAttribute("type")) {
        case "vdpa" -> found.add(new PortDevice(port.get(), address, null, source.getAttribute("dev")));
        case "hostdev" -> {
          Element pci = Xml.child(source, "address");
          if (pci != null) {
            found.add(new PortDevice(port.get(), address, GuestXmlBuilder.pciAddress(pci), null));
          }
        }
        default -> { } // macvtap and bridge ports take no VF of their own here
      }
    }
    return found;
  }

  private static Optional<UUID> portOf(Element device) {
    Element alias = Xml.child(device, "alias");
    String name = alias == null ? "" : alias.getAttribute("name");
    if (!name.startsWith(USER_ALIAS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(name.substring(USER_ALIAS.length())));
    } catch (IllegalArgumentException notAPort) {
      return Optional.empty();
    }
  }
}
