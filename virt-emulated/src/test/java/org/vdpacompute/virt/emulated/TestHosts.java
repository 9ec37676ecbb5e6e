package org.vdpacompute.virt.emulated;

import org.vdpacompute.core.net.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.virt.guest.DomainType;
import org.vdpacompute.virt.guest.GuestDevice;
import org.vdpacompute.virt.guest.GuestFlavor;
import org.vdpacompute.virt.guest.GuestIdentity;
import org.vdpacompute.virt.guest.GuestImage;
import org.vdpacompute.virt.guest.GuestSpec;
import org.vdpacompute.virt.guest.GuestXmlBuilder;

/** Emulated hosts and guests for the tests of this package. */
final class TestHosts {
  static final PciAddress PF = PciAddress.parse("0000:06:00.0");
  static final PciAddress VF1 = PciAddress.parse("0000:06:00.1");
  static final PciAddress VF2 = PciAddress.parse("0000:06:00.2");
  static final VdpaDevice VDPA0 = new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0");
  static final VdpaDevice VDPA1 = new VdpaDevice("vdpa1", "/dev/vhost-vdpa-1");

  private static final GuestXmlBuilder XML = new GuestXmlBuilder();

  private TestHosts() {}

  static String referenceJson() {
    try (InputStream in = TopologyReader.class.getResourceAsStream(TopologyReader.REFERENCE_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference host with other component versions. */
  static Topology withVersions(String libvirt, String qemu, String kernel) {
    String json = referenceJson()
        .replace("\"libvirt_version\": \"6.9.0\"", "\"libvirt_version\": \"" + libvirt + "\"")
        .replace("\"qemu_version\": \"5.1.0\"", "\"qemu_version\": \"" + qemu + "\"")
        .replace("\"kernel_version\": \"5.15.0\"", "\"kernel_version\": \"" + kernel + "\"");
    return TopologyReader.parse(json, "test");
  }

  static EmulatedHypervisor reference(String hostname, Path statePath) {
    return new EmulatedHypervisor(hostname, TopologyReader.reference(), statePath);
  }

  static String guestXml(UUID uuid, String name, GuestDevice... devices) {
    return XML.build(new GuestSpec(DomainType.KVM, new GuestIdentity(uuid, name),
        GuestFlavor.of("m1.small", 1, 1024, 1),
        new GuestImage("cirros", Path.of("/srv/state/instances", uuid.toString(), "disk")),
        List.of(devices)));
  }

  static String deviceXml(GuestDevice device) {
    return XML.device(device);
  }

  static GuestDevice vdpa(String mac, VdpaDevice device) {
    return new GuestDevice.VdpaInterface(MacAddress.parse(mac), device);
  }
}
