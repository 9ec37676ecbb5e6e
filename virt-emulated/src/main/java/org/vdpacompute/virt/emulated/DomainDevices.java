package org.vdpacompute.virt.emulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.virt.guest.GuestXmlBuilder;
import org.vdpacompute.virt.guest.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads and edits the devices of a domain XML: what host resources they use, and which existing
 * device a hot-unplug request means (an interface by its MAC, as libvirt matches it, and a hostdev
 * by its PCI address).
 */
final class DomainDevices {
  private DomainDevices() {}

  /** A host resource a guest device takes. */
  record HostUse(Kind kind, String value) {
    enum Kind { VDPA_CHARDEV, PCI_ADDRESS, NETDEV }

    @Override
    public String toString() {
      return value;
    }
  }

  /** The domain's {@code <devices>}, created when the XML has none. */
  static Element devices(Document domain) {
    Element root = domain.getDocumentElement();
    Element devices = Xml.child(root, "devices");
    return devices != null ? devices : Xml.append(root, "devices");
  }

  /** The host resources taken by the interfaces and hostdevs at or under {@code root}. */
  static List<HostUse> uses(Element root) {
    List<HostUse> uses = new ArrayList<>();
    for (Element e : selfAndDescendants(root, "interface")) {
      Element source = Xml.child(e, "source");
      if (source == null) {
        continue;
      }
      switch (e.getAttribute("type")) {
        case "vdpa" -> uses.add(new HostUse(HostUse.Kind.VDPA_CHARDEV, source.getAttribute("dev")));
        case "direct" -> uses.add(new HostUse(HostUse.Kind.NETDEV, source.getAttribute("dev")));
        case "hostdev" -> addPci(uses, source);
        default -> { } // bridges and the like take no exclusive host device
      }
    }
    for (Element e : selfAndDescendants(root, "hostdev")) {
      Element source = Xml.child(e, "source");
      if ("pci".equals(e.getAttribute("type")) && source != null) {
        addPci(uses, source);
      }
    }
    return uses;
  }

  /** The device of the domain that {@code device} names, or null when there is none. */
  static Element matching(Document domain, Element device) {
    for (Element candidate : Xml.children(devices(domain), device.getTagName())) {
      if (sameDevice(candidate, device)) {
        return candidate;
      }
    }
    return null;
  }

  /** How a person names the device: its MAC for an interface, its PCI address for a hostdev. */
  static String describe(Element device) {
    if (device.getTagName().equals("interface")) {
      return "interface with MAC " + mac(device);
    }
    Element source = Xml.child(device, "source");
    Element address = source == null ? null : Xml.child(source, "address");
    return "hostdev " + (address == null ? "without address" : pciAddress(address));
  }

  static String mac(Element iface) {
    Element mac = Xml.child(iface, "mac");
    String address = mac == null ? "" : mac.getAttribute("address");
    return address.isEmpty() ? null : address.toLowerCase(Locale.ROOT);
  }

  static PciAddress pciAddress(Element address) {
    return GuestXmlBuilder.pciAddress(address);
  }

  private static boolean sameDevice(Element a, Element b) {
    if (a.getTagName().equals("interface")) {
      String mac = mac(b);
      return mac != null && mac.equals(mac(a));
    }
    List<HostUse> mine = uses(a);
    return !mine.isEmpty() && mine.equals(uses(b));
  }

  private static void addPci(List<HostUse> uses, Element source) {
    Element address = Xml.child(source, "address");
    if (address != null) {
      uses.add(new HostUse(HostUse.Kind.PCI_ADDRESS, pciAddress(address).toString()));
    }
  }

  private static List<Element> selfAndDescendants(Element root, String tag) {
    List<Element> found = new ArrayList<>();
    if (root.getTagName().equals(tag)) {
      found.add(root);
    }
    NodeList below = root.getElementsByTagName(tag);
    for (int i = 0; i < below.getLength(); i++) {
      found.add((Element) below.item(i));
    }
    return found;
  }
}
