package org.vdpacompute.virt.guest;

import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds a guest's libvirt domain XML, and the XML of a single device for hot-plug, with the JDK's
 * DOM so that no name or path given from outside can break the document.
 *
 * <p>Each port {@code vnic_type} has one shape, following Nova's libvirt driver: {@code vdpa} an
 * {@code <interface type="vdpa">} on the VF's vhost-vdpa chardev; {@code direct} an {@code
 * <interface type="hostdev">} of the VF with the network's VLAN; {@code direct-physical} and flavor
 * alias devices a PCI {@code <hostdev>}; {@code macvtap} an {@code <interface type="direct">} in
 * passthrough mode on the VF's netdev; {@code normal} a tap on the OVS integration bridge.
 *
 * <p>Guests with a device that does DMA into guest memory (vDPA, VFs, PFs, PCI devices) get
 * {@code <memoryBacking><locked/></memoryBacking>}. The device's IOMMU mappings pin every page of
 * guest memory, which counts against QEMU's locked-memory limit. libvirt raises that limit for VFIO
 * hostdevs by itself, but not (in the versions vDPA first shipped with) for vhost-vdpa, and a limit
 * lower than the guest's memory makes QEMU fail to map it, with DMA errors in the guest or a failed
 * start, as Nova's users found. Locking lifts the limit and keeps the pages from being swapped out
 * under the device.
 */
public final class GuestXmlBuilder {

  /** The namespace of the instance details kept in the domain's {@code <metadata>}. */
  public static final String METADATA_NAMESPACE = "http://vdpa-compute.org/xmlns/guest/1.0";

  /** The whole domain XML of a guest. */
  public String build(GuestSpec spec) {
    Document doc = Xml.newDocument();
    Element domain = doc.createElement("domain");
    doc.appendChild(domain);
    domain.setAttribute("type", spec.domainType().xmlName());
    Xml.appendText(domain, "name", spec.identity().name());
    Xml.appendText(domain, "uuid", spec.identity().uuid().toString());
    appendMetadata(domain, spec);
    Xml.appendText(domain, "memory", Long.toString(spec.flavor().memoryMb())).setAttribute("unit", "MiB");
    Xml.appendText(domain, "vcpu", Integer.toString(spec.flavor().vcpus())).setAttribute("placement", "static");
    if (spec.needsLockedMemory()) {
      Xml.append(Xml.append(domain, "memoryBacking"), "locked");
    }
    Element os = Xml.append(domain, "os");
    Xml.appendText(os, "type", "hvm").setAttribute("arch", "x86_64");
    Xml.append(os, "boot", "dev", "hd");
    Element features = Xml.append(domain, "features");
    Xml.append(features, "acpi");
    Xml.append(features, "apic");
    appendNuma(domain, spec.flavor());
    Xml.append(domain, "clock", "offset", "utc");
    Xml.appendText(domain, "on_poweroff", "destroy");
    Xml.appendText(domain, "on_reboot", "restart");
    Xml.appendText(domain, "on_crash", "destroy");
    Element devices = Xml.append(domain, "devices");
    appendDisk(devices, spec.image());
    for (GuestDevice device : spec.devices()) {
      appendDevice(devices, device);
    }
    // As Nova does: the serial console's output also goes to a file beside the disk, which the
    // driver reads for the console log.
    Element serial = Xml.append(devices, "serial", "type", "pty");
    Xml.append(serial, "log", "file", consoleLog(spec.image()).toString(), "append", "off");
    return Xml.write(doc);
  }

  /** The file a guest's serial console is logged to: {@code console.log} in the guest's own directory. */
  public static java.nio.file.Path consoleLog(GuestImage image) {
    return image.diskPath().resolveSibling("console.log");
  }

  /** The XML of one device, for {@link org.vdpacompute.virt.InterfaceHotplug}. */
  public String device(GuestDevice device) {
    Document doc = Xml.newDocument();
    Element holder = doc.createElement("devices");
    doc.appendChild(holder);
    return Xml.write(appendDevice(holder, device));
  }

  private static void appendMetadata(Element domain, GuestSpec spec) {
    Document doc = domain.getOwnerDocument();
    Element instance = doc.createElementNS(METADATA_NAMESPACE, "vdpa:instance");
    Xml.append(domain, "metadata").appendChild(instance);
    Element flavor = doc.createElementNS(METADATA_NAMESPACE, "vdpa:flavor");
    flavor.setAttribute("name", spec.flavor().name());
    flavor.setAttribute("root_gb", Integer.toString(spec.flavor().rootDiskGb()));
    instance.appendChild(flavor);
    Element image = doc.createElementNS(METADATA_NAMESPACE, "vdpa:image");
    image.setAttribute("id", spec.image().id());
    instance.appendChild(image);
  }

  private static void appendNuma(Element domain, GuestFlavor flavor) {
    if (flavor.numaCells().isEmpty()) {
      return;
    }
    Element numa = Xml.append(Xml.append(domain, "cpu"), "numa");
    for (GuestNumaCell cell : flavor.numaCells()) {
      Xml.append(numa, "cell",
          "id", Integer.toString(cell.id()),
          "cpus", cell.cpuRanges(),
          "memory", Long.toString(cell.memoryMb()),
          "unit", "MiB");
    }
  }

  private static void appendDisk(Element devices, GuestImage image) {
    Element disk = Xml.append(devices, "disk", "type", "file", "device", "disk");
    Xml.append(disk, "driver", "name", "qemu", "type", "qcow2", "cache", "none");
    Xml.append(disk, "source", "file", image.diskPath().toString());
    Xml.append(disk, "target", "dev", "vda", "bus", "virtio");
  }

  private static Element appendDevice(Element devices, GuestDevice device) {
    if (device instanceof GuestDevice.VdpaInterface vdpa) {
      Element e = Xml.append(devices, "interface", "type", "vdpa");
      Xml.append(e, "mac", "address", vdpa.mac().value());
      Xml.append(e, "source", "dev", vdpa.device().chardev());
      Xml.append(e, "model", "type", "virtio");
      appendPortAlias(e, vdpa.portId());
      return e;
    }
    if (device instanceof GuestDevice.SriovInterface sriov) {
      Element e = Xml.append(devices, "interface", "type", "hostdev", "managed", "yes");
      Xml.append(e, "mac", "address", sriov.mac().value());
      appendPciAddress(Xml.append(e, "source"), sriov.vf()).setAttribute("type", "pci");
      appendVlan(e, sriov.vlan());
      appendPortAlias(e, sriov.portId());
      return e;
    }
    if (device instanceof GuestDevice.MacvtapInterface macvtap) {
      Element e = Xml.append(devices, "interface", "type", "direct");
      Xml.append(e, "mac", "address", macvtap.mac().value());
      Xml.append(e, "source", "dev", macvtap.vfNetdev(), "mode", "passthrough");
      Xml.append(e, "model", "type", "virtio");
      Xml.append(e, "driver", "name", "vhost");
      appendVlan(e, macvtap.vlan());
      return e;
    }
    if (device instanceof GuestDevice.BridgeInterface bridge) {
      Element e = Xml.append(devices, "interface", "type", "bridge");
      Xml.append(e, "mac", "address", bridge.mac().value());
      Xml.append(e, "source", "bridge", bridge.bridge());
      Element port = Xml.append(e, "virtualport", "type", "openvswitch");
      Xml.append(port, "parameters", "interfaceid", bridge.portId().toString());
      Xml.append(e, "target", "dev", bridge.tapName());
      Xml.append(e, "model", "type", "virtio");
      return e;
    }
    if (device instanceof GuestDevice.PciHostdev hostdev) {
      Element e = Xml.append(devices, "hostdev", "mode", "subsystem", "type", "pci", "managed", "yes");
      appendPciAddress(Xml.append(e, "source"), hostdev.address());
      return e;
    }
    throw new IllegalArgumentException("unknown guest device " + device);
  }

  /** The device's name after its port ({@link PortDevice}), when it serves one. */
  private static void appendPortAlias(Element device, java.util.UUID portId) {
    if (portId != null) {
      Xml.append(device, "alias", "name", PortDevice.alias(portId));
    }
  }

  private static void appendVlan(Element iface, Integer vlan) {
    if (vlan != null) {
      Xml.append(Xml.append(iface, "vlan"), "tag", "id", Integer.toString(vlan));
    }
  }

  /**
   * The PCI address of an {@code <address domain bus slot function>} element, whatever base each
   * part is written in (this builder writes hex, libvirt may write decimal).
   */
  public static PciAddress pciAddress(Element address) {
    try {
      return new PciAddress(
          Integer.decode(address.getAttribute("domain")),
          Integer.decode(address.getAttribute("bus")),
          Integer.decode(address.getAttribute("slot")),
          Integer.decode(address.getAttribute("function")));
    } catch (NumberFormatException e) {
      throw new InvalidValueException("PCI address element has a malformed part: " + e.getMessage());
    }
  }

  private static Element appendPciAddress(Element parent, PciAddress address) {
    return Xml.append(parent, "address",
        "domain", String.format("0x%04x", address.domain()),
        "bus", String.format("0x%02x", address.bus()),
        "slot", String.format("0x%02x", address.slot()),
        "function", String.format("0x%x", address.function()));
  }
}
