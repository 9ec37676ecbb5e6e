package org.vdpacompute.hostcheck;

import java.util.List;

/**
 * What host-check says about a host.
 *
 * @param deviceSpecLines {@code [pci] device_spec} lines that whitelist the host's VFs
 * @param udevRules the udev rules that recreate the VFs at boot; empty when there is nothing to recreate
 * @param systemdUnit the unit that recreates switchdev mode and the vDPA devices; empty likewise
 */
public record HostReport(List<Finding> findings, List<String> deviceSpecLines, String udevRules, String systemdUnit) {
  public HostReport {
    findings = List.copyOf(findings);
    deviceSpecLines = List.copyOf(deviceSpecLines);
  }

  /** Ready when nothing is missing; warnings do not stop vDPA. */
  public boolean ready() {
    return findings.stream().noneMatch(f -> f.verdict().blocksReadiness());
  }

  public long missing() {
    return findings.stream().filter(f -> f.verdict().blocksReadiness()).count();
  }
}
