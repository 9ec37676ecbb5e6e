package org.vdpacompute.virt.libvirt;

import java.nio.file.Path;
import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One libvirt node device, reduced to what device discovery needs. The XML format is libvirt's
 * ({@code formatnode.html}, schema {@code nodedev.rng}); devices of other kinds read as {@link
 * Other}.
 */
sealed interface NodeDevice {

  /** The node device's name ({@code pci_0000_06_00_1}), which children name as their parent. */
  String name();

  /**
   * A PCI function.
   *
   * @param physFunction the PF of a VF; null otherwise
   * @param hasVirtFunctions whether the function is SR-IOV capable, that is a PF
   * @param vpdSerial the card serial number of the function's own PCI VPD ({@code vpd} capability,
   *     read-only fields), or null
   */
  record Pci(
      String name,
      PciAddress address,
      VendorProduct ids,
      Integer numaNode,
      String driver,
      boolean hasVirtFunctions,
      PciAddress physFunction,
      String vpdSerial) implements NodeDevice {}

  /** A network interface, child of the PCI function it belongs to. */
  record Net(String name, String parent, String ifname) implements NodeDevice {}

  /** A vDPA device, child of the VF it is bound to. */
  record Vdpa(String name, String parent, VdpaDevice device) implements NodeDevice {}

  /** Any other kind of node device. */
  record Other(String name) implements NodeDevice {}

  /** Reads one node device from its XML ({@code virNodeDeviceGetXMLDesc}). */
  static NodeDevice parse(String xml) {
    Document doc = Xml.parse(xml, "node device XML");
    Element root = doc.getDocumentElement();
    if (!"device".equals(root.getTagName())) {
      throw new InvalidValueException("node device XML has root <" + root.getTagName() + ">, not <device>");
    }
    String name = Xml.text(root, "name");
    if (name == null || name.isEmpty()) {
      throw new InvalidValueException("node device XML has no <name>");
    }
    try {
      Node pci = node(root, "capability[@type='pci']");
      if (pci != null) {
        return pci(root, name, pci);
      }
      Node net = node(root, "capability[@type='net']");
      if (net != null) {
        return new Net(name, Xml.text(root, "parent"), Xml.text(net, "interface"));
      }
      Node vdpa = node(root, "capability[@type='vdpa']");
      if (vdpa != null) {
        return vdpa(root, name, vdpa);
      }
      return new Other(name);
    } catch (InvalidValueException e) {
      throw new InvalidValueException("node device " + name + ": " + e.getMessage(), e);
    }
  }

  private static Pci pci(Element root, String name, Node cap) {
    PciAddress address = new PciAddress(
        decimal(cap, "domain"), decimal(cap, "bus"), decimal(cap, "slot"), decimal(cap, "function"));
    VendorProduct ids = new VendorProduct(hexId(cap, "vendor"), hexId(cap, "product"));
    String numa = Xml.text(cap, "numa/@node");
    Node pf = node(cap, "capability[@type='phys_function']/address");
    return new Pci(
        name,
        address,
        ids,
        numa == null ? null : integer("numa node", numa),
        Xml.text(root, "driver/name"),
        Xml.exists(cap, "capability[@type='virt_functions']"),
        pf == null ? null : addressAttributes(pf),
        Xml.text(cap, "capability[@type='vpd']/fields[@access='readonly']/serial_number"));
  }

  private static Vdpa vdpa(Element root, String name, Node cap) {
    // The kernel names the device (vdpa0); libvirt's node device name adds a prefix (vdpa_vdpa0).
    // The sysfs path ends in the kernel's name, so it is the better source when present.
    String path = Xml.text(root, "path");
    String kernelName = path != null && !path.isEmpty()
        ? Path.of(path).getFileName().toString()
        : name.replaceFirst("^vdpa_", "");
    return new Vdpa(name, Xml.text(root, "parent"), new VdpaDevice(kernelName, Xml.text(cap, "chardev")));
  }

  private static Node node(Node context, String expr) {
    return Xml.nodes(context, expr).stream().findFirst().orElse(null);
  }

  /** The schema's {@code unsignedLong}: decimal digits ({@code <bus>6</bus>}). */
  private static int decimal(Node cap, String element) {
    return integer("<" + element + ">", Xml.text(cap, element));
  }

  private static int integer(String what, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(what + " '" + text + "' is not a decimal number");
    }
  }

  /** The schema's {@code hexuint}, with or without {@code 0x} ({@code id='0x15b3'}). */
  private static String hexId(Node cap, String element) {
    String text = Xml.text(cap, element + "/@id");
    if (text == null) {
      throw new InvalidValueException("<" + element + "> has no id");
    }
    String digits = text.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
    try {
      return String.format("%04x", Integer.parseInt(digits, 16));
    } catch (NumberFormatException e) {
      throw new InvalidValueException("<" + element + " id='" + text + "'> is not a hex id");
    }
  }

  /**
   * An {@code <address domain= bus= slot= function=/>}. libvirt reads these attributes as C's
   * {@code strtol} with base 0 does, and writes them as {@code 0x..}; {@link Integer#decode} reads
   * the same forms.
   */
  private static PciAddress addressAttributes(Node address) {
    Element e = (Element) address;
    try {
      return new PciAddress(
          Integer.decode(e.getAttribute("domain")),
          Integer.decode(e.getAttribute("bus")),
          Integer.decode(e.getAttribute("slot")),
          Integer.decode(e.getAttribute("function")));
    } catch (NumberFormatException ex) {
      throw new InvalidValueException("PCI <address> has a malformed attribute: " + ex.getMessage());
    }
  }
}
