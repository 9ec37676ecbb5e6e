package org.vdpacompute.virt.libvirt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.NumaCell;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/** Reads a host's NUMA cells and guest domain types from libvirt's capabilities XML. */
final class CapabilitiesParser {

  private CapabilitiesParser() {}

  /**
   * The NUMA cells of {@code /capabilities/host/topology/cells}, ordered by id; empty when the host
   * reports no topology. Cells without CPUs (memory-only nodes) are left out: no guest vCPU can be
   * placed on them, and a {@link NumaCell} has at least one CPU.
   */
  static List<NumaCell> numaCells(String capabilitiesXml) {
    Document doc = Xml.parse(capabilitiesXml, "capabilities XML");
    List<NumaCell> cells = new ArrayList<>();
    for (Node cell : Xml.nodes(doc, "/capabilities/host/topology/cells/cell")) {
      int id = Math.toIntExact(integer(Xml.text(cell, "@id"), "NUMA cell id"));
      int cpus = Xml.nodes(cell, "cpus/cpu").size();
      if (cpus == 0) {
        continue;
      }
      long memoryKib = kibibytes(Xml.text(cell, "memory"), Xml.text(cell, "memory/@unit"), id);
      cells.add(new NumaCell(id, cpus, memoryKib / 1024));
    }
    cells.sort(Comparator.comparingInt(NumaCell::id));
    return cells;
  }

  /** Whether any guest architecture of the host offers domains of {@code type} ({@code kvm}). */
  static boolean offersDomainType(String capabilitiesXml, String type) {
    Document doc = Xml.parse(capabilitiesXml, "capabilities XML");
    return Xml.exists(doc, "/capabilities/guest/arch/domain[@type='" + type + "']");
  }

  /** libvirt writes cell memory in KiB; the unit attribute is honoured should that change. */
  private static long kibibytes(String value, String unit, int cell) {
    long amount = integer(value, "memory of NUMA cell " + cell);
    String u = unit == null ? "kib" : unit.toLowerCase(Locale.ROOT);
    return switch (u) {
      case "b", "bytes" -> amount / 1024;
      case "k", "kib" -> amount;
      case "m", "mib" -> amount * 1024;
      case "g", "gib" -> amount * 1024 * 1024;
      default -> throw new InvalidValueException(
          "memory of NUMA cell " + cell + " has an unknown unit '" + unit + "'");
    };
  }

  private static long integer(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(what + " '" + text + "' is not a number in the capabilities XML");
    }
  }
}
