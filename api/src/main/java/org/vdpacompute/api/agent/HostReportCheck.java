package org.vdpacompute.api.agent;

import java.util.HashSet;
import java.util.Set;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.HostNames;
import org.vdpacompute.core.net.HttpUrls;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.spec.DeviceSpecList;

/**
 * A host's report checked whole before any of it is taken in, so that registration is all or
 * nothing: a report the controller could only half record (a device twice, a name no URL or column
 * holds, a negative capacity, an agent it could not call) is refused with 400 and changes nothing.
 */
final class HostReportCheck {
  /** Names of hypervisors, versions, drivers and vDPA devices: what kernels and libvirt print is far shorter. */
  private static final int MAX_NAME = 64;
  /** Linux's network interface names (IFNAMSIZ less the terminating NUL). */
  private static final int MAX_IFNAME = 15;
  private static final int MAX_TEXT = 4096;

  private HostReportCheck() {}

  static HostReport check(HostReport r, String pathHost) {
    HostNames.check(r.host());
    if (!r.host().equals(pathHost)) {
      throw new InvalidValueException("the report is for host " + r.host() + ", not " + pathHost);
    }
    String host = r.host();
    if (r.serviceVersion() < 1) throw invalid(host, "service version " + r.serviceVersion() + " is not a version");
    notNegative(host, "vcpus", r.vcpus());
    notNegative(host, "memory (MiB)", r.memoryMb());
    notNegative(host, "disk (GiB)", r.diskGb());
    Set<Integer> cells = new HashSet<>();
    for (HostReport.Cell c : r.numaCells()) {
      if (c.id() < 0 || !cells.add(c.id())) throw invalid(host, "NUMA cell id " + c.id() + " is negative or repeated");
      notNegative(host, "NUMA cell " + c.id() + " cpus", c.cpus());
      notNegative(host, "NUMA cell " + c.id() + " memory (MiB)", c.memoryMb());
    }
    for (String[] text : new String[][] {{"hypervisor type", r.hypervisorType()}, {"libvirt version", r.libvirtVersion()},
        {"QEMU version", r.qemuVersion()}, {"kernel version", r.kernelVersion()}}) {
      atMost(host, text[0], text[1], MAX_NAME);
    }
    atMost(host, "vDPA reason", r.vdpaReason(), MAX_TEXT);
    Set<PciAddress> addresses = new HashSet<>();
    for (DeviceReport d : r.devices()) {
      if (!addresses.add(d.address())) throw invalid(host, "device " + d.address() + " is reported twice (a duplicate address)");
      atMost(host, "device " + d.address() + " driver", d.driver(), MAX_NAME);
      atMost(host, "device " + d.address() + " ifname", d.ifname(), MAX_IFNAME);
      if (d.vdpa() != null) {
        atMost(host, "device " + d.address() + " vDPA name", d.vdpa().name(), MAX_NAME);
        atMost(host, "device " + d.address() + " vDPA path", d.vdpa().chardev(), MAX_TEXT);
      }
    }
    // The controller matches the devices with the agent's device_spec: one it cannot read is refused now.
    DeviceSpecList.parse(r.deviceSpec());
    if (r.agentUrl() != null) agentUrl(host, r.agentUrl().toString());
    return r;
  }

  private static void agentUrl(String host, String url) {
    if (HttpUrls.parse(url).isEmpty()) {
      throw invalid(host, "the agent URL '" + url + "' is not an http:// or https:// URL with a host");
    }
  }

  private static void notNegative(String host, String what, long value) {
    if (value < 0) throw invalid(host, what + " is negative (" + value + ")");
  }

  private static void atMost(String host, String what, String value, int max) {
    if (value != null && value.length() > max) throw invalid(host, what + " is longer than " + max + " characters");
  }

  private static InvalidValueException invalid(String host, String what) {
    return new InvalidValueException("host " + host + " reports a bad report: " + what);
  }
}
