package org.vdpacompute.benchmarks.boot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold once every boot is done, read back through the APIs: every server ACTIVE in the
 * list; every server's port bound to the server's host with a {@code pci_slot}, no two ports to
 * the same host and slot; and exactly one allocated vDPA device per server, held by it.
 */
record BootChecks(int activeListed, int distinctHostSlots, int allocatedVdpa, List<String> problems) {
  /** Problems named one by one; a broken run has one per server, and the first few say what broke. */
  private static final int MAX_PROBLEMS_SHOWN = 10;

  boolean passed() {
    return problems.isEmpty();
  }

  /**
   * Reads back what the boots left.
   *
   * @param detail the answer of {@code GET /compute/v2.1/servers/detail} with every server
   */
  static BootChecks read(CloudClient admin, List<Boot> boots, JsonNode detail, String networkId)
      throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    long failed = boots.stream().filter(b -> !b.active()).count();
    if (failed > 0) {
      problems.add(failed + " boots did not end ACTIVE, e.g. " + boots.stream().filter(b -> !b.active()).findFirst()
          .map(Boot::outcome).orElseThrow());
    }
    Map<String, String> hostOf = new HashMap<>();
    int active = 0;
    for (JsonNode s : detail.path("servers")) {
      if (s.path("status").asText().equals(Boot.ACTIVE)) {
        active++;
      } else {
        problems.add("server " + s.path("id").asText() + " is listed " + s.path("status").asText());
      }
      hostOf.put(s.path("id").asText(), s.path("OS-EXT-SRV-ATTR:host").asText(null));
    }
    Set<String> booted = new HashSet<>();
    for (Boot b : boots) {
      if (b.serverId() != null) booted.add(b.serverId());
    }
    if (!hostOf.keySet().equals(booted)) {
      problems.add("the list shows " + hostOf.size() + " servers, " + booted.size() + " were created");
    }

    Set<String> slots = new HashSet<>();
    int bound = 0;
    for (JsonNode p : admin.get("/networking/v2.0/ports?network_id=" + networkId).path("ports")) {
      String server = p.path("device_id").asText();
      if (!booted.contains(server)) continue;
      String host = p.path("binding:host_id").asText(null);
      String slot = p.path("binding:profile").path("pci_slot").asText(null);
      if (host == null || slot == null || !host.equals(hostOf.get(server))) {
        problems.add("port " + p.path("id").asText() + " of server " + server + " is bound to host " + host + " slot "
            + slot + ", the server is on " + hostOf.get(server));
      } else if (!slots.add(host + "/" + slot)) {
        problems.add("device " + slot + " of host " + host + " is bound to two ports");
      }
      bound++;
    }
    if (bound != booted.size()) problems.add(bound + " ports belong to the " + booted.size() + " servers");

    Set<String> holders = new HashSet<>();
    int allocated = 0;
    for (JsonNode d : admin.get("/compute/v2.1/os-pci-devices").path("pci_devices")) {
      if (d.path("dev_type").asText().equals("vdpa") && d.path("status").asText().equals("allocated")) {
        allocated++;
        holders.add(d.path("instance_uuid").asText());
      }
    }
    if (allocated != booted.size() || !holders.equals(booted)) {
      problems.add(allocated + " vDPA devices are allocated, to " + holders.size() + " servers; expected one to each of "
          + booted.size());
    }
    if (problems.size() > MAX_PROBLEMS_SHOWN) {
      int more = problems.size() - MAX_PROBLEMS_SHOWN;
      problems.subList(MAX_PROBLEMS_SHOWN, problems.size()).clear();
      problems.add("and " + more + " more");
    }
    return new BootChecks(active, slots.size(), allocated, List.copyOf(problems));
  }
}
