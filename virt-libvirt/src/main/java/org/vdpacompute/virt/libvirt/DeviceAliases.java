package org.vdpacompute.virt.libvirt;

import java.util.Locale;
import java.util.Optional;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Finds, in a running guest's live domain XML, the device a piece of device XML means, as libvirt
 * matches it for a detach: an interface by its MAC address, a hostdev by its PCI source address.
 * libvirt names each live device with an {@code <alias>}, which its device-removed event carries.
 */
final class DeviceAliases {

  /** The device as the live domain has it. */
  record LiveDevice(String alias) {}

  private DeviceAliases() {}

  /** The live device {@code deviceXml} means; empty when the guest does not have it. */
  static Optional<LiveDevice> find(String liveDomainXml, String deviceXml) {
    Element device = Xml.parse(deviceXml, "device XML").getDocumentElement();
    Node domain = Xml.parse(liveDomainXml, "live domain XML");
    switch (device.getTagName()) {
      case "interface" -> {
        String mac = Xml.text(device, "mac/@address");
        if (mac == null) {
          throw new InvalidValueException("an <interface> to plug or unplug needs its <mac address=...>");
        }
        for (Node live : Xml.nodes(domain, "/domain/devices/interface")) {
          if (mac.toLowerCase(Locale.ROOT).equals(lower(Xml.text(live, "mac/@address")))) {
            return Optional.of(new LiveDevice(Xml.text(live, "alias/@name")));
          }
        }
        return Optional.empty();
      }
      case "hostdev" -> {
        PciAddress wanted = pciSource(device);
        for (Node live : Xml.nodes(domain, "/domain/devices/hostdev")) {
          if (wanted.equals(pciSource(live))) {
            return Optional.of(new LiveDevice(Xml.text(live, "alias/@name")));
          }
        }
        return Optional.empty();
      }
      default -> throw new InvalidValueException("<" + device.getTagName()
          + "> cannot be plugged or unplugged here; only <interface> and <hostdev>");
    }
  }

  /** How a person names the device: an interface by its MAC, a hostdev by its PCI address. */
  static String describe(String deviceXml) {
    Element device = Xml.parse(deviceXml, "device XML").getDocumentElement();
    if (device.getTagName().equals("interface")) {
      return "interface with MAC " + lower(Xml.text(device, "mac/@address"));
    }
    return "hostdev " + pciSource(device);
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  /** The source address, whatever base libvirt wrote its parts in; a part it left out is 0. */
  private static PciAddress pciSource(Node hostdev) {
    int[] parts = new int[4];
    String[] names = {"domain", "bus", "slot", "function"};
    for (int i = 0; i < names.length; i++) {
      String text = Xml.text(hostdev, "source/address/@" + names[i]);
      try {
        parts[i] = text == null ? 0 : Integer.decode(text);
      } catch (NumberFormatException e) {
        throw new InvalidValueException("hostdev source address " + names[i] + " '" + text + "' is not a number");
      }
    }
    return new PciAddress(parts[0], parts[1], parts[2], parts[3]);
  }
}
