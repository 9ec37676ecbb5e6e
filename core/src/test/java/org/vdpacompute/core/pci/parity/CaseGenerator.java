package org.vdpacompute.core.pci.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vdpacompute.core.pci.parity.ParityCase.Device;
import org.vdpacompute.core.pci.parity.ParityCase.NumaNode;
import org.vdpacompute.core.pci.parity.ParityCase.Port;
import org.vdpacompute.core.pci.parity.ParityCase.Step;

/**
 * Random cases from a seed: hosts of PFs with VFs (some with vDPA devices) and plain PCI devices
 * over one or two NUMA nodes, cards with or without a VPD serial; device specs selecting them by
 * ids (in Nova's spellings), globs, regular expressions, single PF addresses or interface names,
 * tagged with physical networks, {@code trusted} and {@code remote_managed} in oslo's spellings, and
 * other tags; flavor aliases; and instances booted with ports of every vnic type on physical or
 * tunnelled networks, trusted or not, with flavor aliases and NUMA cells, and freed.
 */
final class CaseGenerator {
  /** Network cards: vendor, PF product, VF product. */
  private static final String[][] NICS = {{"15b3", "101d", "101e"}, {"8086", "1572", "154c"}};
  /** Plain PCI devices: vendor, product. */
  private static final String[][] PLAIN = {{"10de", "20b5"}, {"8086", "0d58"}};
  private static final String[] VNICS = {"vdpa", "vdpa", "vdpa", "direct", "direct", "direct-physical",
      "direct-physical", "macvtap", "virtio-forwarder", "remote-managed"};
  private static final String[] PHYSNETS = {"physnet1", "physnet2"};
  private static final Object[] BOOLEANS =
      {"true", "false", "yes", "no", "True", "FALSE", "1", "0", "on", "Off", "y", "N", "t", "f", true, false, 1, 0};
  private static final String[] POLICIES = {"required", "legacy", "preferred", "socket"};

  private final Random random;

  CaseGenerator(long seed) {
    this.random = new Random(seed);
  }

  List<ParityCase> cases(int count) {
    List<ParityCase> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      cases.add(next(i));
    }
    return cases;
  }

  private ParityCase next(int id) {
    int nodes = 1 + random.nextInt(2);
    boolean socketPerNode = random.nextBoolean();
    List<NumaNode> numa = new ArrayList<>();
    for (int n = 0; n < nodes; n++) numa.add(new NumaNode(n, socketPerNode ? n : 0));
    List<Device> devices = devices(nodes);
    List<String> aliases = aliases();
    List<String> spec = deviceSpec(devices);
    return new ParityCase(id, spec, aliases, numa, devices, steps(nodes, aliases.size(), spec));
  }

  private List<Device> devices(int nodes) {
    List<Device> devices = new ArrayList<>();
    int pfs = 1 + random.nextInt(3);
    for (int p = 0; p < pfs; p++) {
      String[] nic = pick(NICS);
      int bus = 0x06 + p;
      String pf = "0000:%02x:00.0".formatted(bus);
      Integer node = random.nextInt(10) == 0 ? null : random.nextInt(nodes);
      String ifname = random.nextInt(10) < 6 ? "enp%ds0f0".formatted(bus) : null;
      String serial = random.nextInt(10) < 3 ? "MT21%02dX%05d".formatted(bus, random.nextInt(100000)) : null;
      devices.add(new Device(pf, nic[0], nic[1], "type-PF", null, node, ifname, null, nic[2], serial));
      int vfs = random.nextInt(5);
      for (int v = 1; v <= vfs; v++) {
        String type = random.nextBoolean() ? "vdpa" : "type-VF";
        devices.add(new Device("0000:%02x:00.%d".formatted(bus, v), nic[0], nic[2], type, pf, node, null, ifname,
            null, serial));
      }
    }
    int plain = random.nextInt(3);
    for (int d = 0; d < plain; d++) {
      String[] ids = pick(PLAIN);
      Integer node = random.nextInt(10) == 0 ? null : random.nextInt(nodes);
      devices.add(new Device("0000:%02x:00.0".formatted(0x81 + d), ids[0], ids[1], "type-PCI", null, node, null,
          null, null, null));
    }
    return devices;
  }

  private List<String> deviceSpec(List<Device> devices) {
    List<String> values = new ArrayList<>();
    int entries = 1 + random.nextInt(4);
    for (int e = 0; e < entries; e++) {
      StringBuilder spec = new StringBuilder("{");
      selector(spec, pick(devices));
      if (random.nextInt(10) < 6) field(spec, "physical_network", quoted(pick(PHYSNETS)));
      if (random.nextInt(4) == 0) field(spec, "trusted", json(booleanSpelling()));
      if (random.nextInt(7) == 0) field(spec, "remote_managed", json(booleanSpelling()));
      if (random.nextInt(10) == 0) field(spec, "capability", quoted("fast"));
      values.add(spec.append('}').toString());
    }
    // Often a catch-all last entry, as operators write one.
    if (random.nextInt(3) == 0) {
      values.add(random.nextBoolean() ? "{}" : "{\"physical_network\": \"" + pick(PHYSNETS) + "\"}");
    }
    return values;
  }

  private void selector(StringBuilder spec, Device d) {
    String bus = d.address().substring(5, 7);
    switch (random.nextInt(11)) {
      case 0 -> { } // every device
      case 1 -> {
        field(spec, "vendor_id", quoted(spellId(d.vendorId())));
        field(spec, "product_id", quoted(spellId(d.productId())));
      }
      case 2 -> field(spec, "vendor_id", quoted(spellId(d.vendorId())));
      case 3 -> field(spec, "address", quoted("0000:" + bus + ":00.*"));
      case 4 -> field(spec, "address", quoted(pick(new String[] {"*:" + bus + ":*.*", ":" + bus + ":00.", bus + ":00.*"})));
      case 5 -> field(spec, "address", quoted(d.parentAddr() != null ? d.parentAddr() : d.address()));
      case 6 -> {
        // A PF's address with its VFs' ids: Nova's way to select the VFs of one PF.
        field(spec, "address", quoted(d.parentAddr() != null ? d.parentAddr() : d.address()));
        field(spec, "product_id", quoted(d.productId()));
      }
      case 7 -> field(spec, "address", "{\"bus\": \"" + bus + "\", \"function\": \"[1-3]\"}");
      case 8 -> field(spec, "address", "{\"domain\": \"0000\", \"bus\": \"" + bus + "\", \"slot\": \"00\", \"function\": \"0\"}");
      case 9 -> field(spec, "devname", quoted(d.ifname() != null ? d.ifname()
          : d.parentIfname() != null ? d.parentIfname() : "eth9"));
      default -> field(spec, "address", quoted(d.address()));
    }
  }

  /** Half the time as Nova's documentation writes it ("true"/"false"), else in any oslo spelling. */
  private Object booleanSpelling() {
    return random.nextBoolean() ? pick(new String[] {"true", "false"}) : pick(BOOLEANS);
  }

  /** An id in one of the spellings Nova reads. */
  private String spellId(String id) {
    return switch (random.nextInt(6)) {
      case 0 -> "0x" + id;
      case 1 -> id.toUpperCase(java.util.Locale.ROOT);
      case 2 -> " " + id + " ";
      default -> id;
    };
  }

  private List<String> aliases() {
    List<String> aliases = new ArrayList<>();
    int count = random.nextInt(3);
    for (int a = 0; a < count; a++) {
      StringBuilder alias = new StringBuilder("{\"name\": \"a" + a + "\"");
      switch (random.nextInt(4)) {
        case 0 -> {
          String[] ids = pick(PLAIN);
          alias.append(", \"vendor_id\": \"").append(ids[0]).append("\", \"product_id\": \"").append(ids[1])
              .append("\", \"device_type\": \"type-PCI\"");
        }
        case 1 -> {
          String[] nic = pick(NICS);
          alias.append(", \"vendor_id\": \"").append(nic[0]).append("\", \"product_id\": \"").append(nic[2])
              .append("\", \"device_type\": \"type-VF\"");
        }
        case 2 -> {
          String[] nic = pick(NICS);
          alias.append(", \"vendor_id\": \"").append(nic[0]).append("\", \"product_id\": \"").append(nic[1])
              .append("\", \"device_type\": \"type-PF\"");
        }
        default -> alias.append(", \"vendor_id\": \"").append(pick(new String[] {"8086", "15b3", "10de"})).append('"');
      }
      if (random.nextInt(4) == 0) alias.append(", \"numa_policy\": \"").append(pick(POLICIES)).append('"');
      aliases.add(alias.append('}').toString());
    }
    return aliases;
  }

  /** Ports are mostly on a physical network the spec names (or on none), so that most boots can fit. */
  private List<Step> steps(int nodes, int aliases, List<String> spec) {
    List<String> named = new ArrayList<>();
    for (String physnet : PHYSNETS) {
      if (spec.stream().anyMatch(v -> v.contains("\"" + physnet + "\""))) named.add(physnet);
    }
    List<Step> steps = new ArrayList<>();
    List<String> running = new ArrayList<>();
    int boots = 2 + random.nextInt(5);
    for (int b = 0; b < boots; b++) {
      if (!running.isEmpty() && random.nextInt(10) < 3) {
        steps.add(Step.free(running.remove(random.nextInt(running.size()))));
      }
      String instance = "i" + b;
      List<Port> ports = new ArrayList<>();
      int count = random.nextInt(aliases > 0 ? 3 : 2) + (aliases > 0 ? 0 : 1);
      for (int p = 0; p < count; p++) {
        int network = random.nextInt(10);
        String physnet = network < 2 ? null : network < 9 && !named.isEmpty() ? pick(named) : pick(PHYSNETS);
        Object trusted = random.nextInt(6) == 0 ? pick(BOOLEANS) : null;
        ports.add(new Port(pick(VNICS), physnet, trusted));
      }
      String flavorAliases = null;
      if (aliases > 0 && (ports.isEmpty() || random.nextInt(4) == 0)) {
        flavorAliases = "a" + random.nextInt(aliases) + ":" + (1 + random.nextInt(2));
      }
      List<Integer> cells = null;
      String policy = null;
      if (random.nextInt(10) < 3) {
        cells = nodes == 1 || random.nextBoolean() ? List.of(random.nextInt(nodes)) : List.of(0, 1);
        policy = random.nextBoolean() ? null : pick(POLICIES);
      }
      steps.add(new Step("boot", instance, ports, flavorAliases, cells, policy));
      running.add(instance);
    }
    return steps;
  }

  private <T> T pick(T[] from) {
    return from[random.nextInt(from.length)];
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static void field(StringBuilder spec, String key, String jsonValue) {
    if (spec.length() > 1) spec.append(", ");
    spec.append('"').append(key).append("\": ").append(jsonValue);
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static String json(Object value) {
    return value instanceof String s ? quoted(s) : String.valueOf(value);
  }
}
