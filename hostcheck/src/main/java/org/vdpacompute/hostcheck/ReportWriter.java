package org.vdpacompute.hostcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The report as an operator reads it, or as JSON for tools. */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int LABEL = "[warning] ".length();

  private ReportWriter() {}

  public static String text(HostReport report, String what) {
    StringBuilder out = new StringBuilder("host-check of ").append(what).append("\n\n");
    for (Finding f : report.findings()) {
      String label = "[" + f.verdict().label() + "]";
      out.append(label).append(" ".repeat(LABEL - label.length())).append(f.item()).append(": ").append(f.detail()).append('\n');
      if (f.fix() != null) {
        out.append(" ".repeat(LABEL)).append("fix: ").append(f.fix()).append('\n');
      }
    }
    out.append('\n').append(report.ready() ? "The host is ready for vDPA."
        : "The host is not ready for vDPA: " + report.missing() + (report.missing() == 1 ? " item is" : " items are") + " missing.")
        .append("\n\n");
    out.append("# [pci] device_spec lines for this host (add \"physical_network\": NAME for a VLAN or flat network)\n");
    if (report.deviceSpecLines().isEmpty()) {
      out.append("# none: the host has no VFs\n");
    }
    report.deviceSpecLines().forEach(l -> out.append(l).append('\n'));
    out.append('\n');
    out.append(report.udevRules().isEmpty() ? "# no udev rule: no PF has VFs enabled\n" : report.udevRules());
    out.append('\n');
    out.append(report.systemdUnit().isEmpty() ? "# no systemd unit: nothing in switchdev mode and no vDPA device to recreate\n"
        : report.systemdUnit());
    return out.toString();
  }

  public static String json(HostReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("ready", report.ready());
    ArrayNode findings = root.putArray("findings");
    for (Finding f : report.findings()) {
      ObjectNode n = findings.addObject().put("item", f.item()).put("status", f.verdict().label()).put("detail", f.detail());
      if (f.fix() != null) {
        n.put("fix", f.fix());
      }
    }
    ArrayNode specs = root.putArray("device_spec");
    report.deviceSpecLines().forEach(l -> specs.add(l.substring("device_spec = ".length())));
    root.put("udev_rules", report.udevRules());
    root.put("systemd_unit", report.systemdUnit());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report's JSON tree could not be written", e);
    }
  }
}
