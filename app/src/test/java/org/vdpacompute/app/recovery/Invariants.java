package org.vdpacompute.app.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.app.allinone.CloudApi;

/**
 * What must hold of a cloud once recovery settled it, read through a controller's API and the
 * emulated hosts' files: every device held by at most one server; every held device held by a live
 * server, where that server is (or on the other side of its unsettled move, or on a host that is
 * down and keeps its stale claims until it registers again); every ACTIVE server's ports bound to
 * the devices it holds, and its guest defined and running on its host with those devices, and on no
 * other host that is up; no server in a task.
 */
public final class Invariants {
  private static final String SERVERS = "/compute/v2.1/servers";

  private Invariants() {}

  /** Waits for the invariants to hold; the violations left when time runs out, empty when they hold. */
  public static List<String> awaitHeld(GuestFiles files, CloudApi admin, Duration within) throws Exception {
    Instant deadline = Instant.now().plus(within);
    List<String> violations = violations(files, admin);
    while (!violations.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      violations = violations(files, admin);
    }
    return violations;
  }

  /** The invariants that do not hold, each in words; empty when all hold. */
  public static List<String> violations(GuestFiles cluster, CloudApi admin) throws Exception {
    List<String> broken = new ArrayList<>();
    Map<String, JsonNode> servers = new HashMap<>();
    for (JsonNode s : admin.get(SERVERS + "/detail?all_tenants=1").get("servers")) servers.put(s.get("id").asText(), s);
    Set<String> up = new HashSet<>();
    for (JsonNode s : admin.get("/compute/v2.1/os-services").get("services")) {
      if (s.get("state").asText().equals("up")) up.add(s.get("host").asText());
    }
    Map<String, Set<String>> moving = new HashMap<>();
    for (JsonNode m : admin.call("GET", "/compute/v2.1/os-migrations", null, "2.59").json().get("migrations")) {
      String status = m.get("status").asText();
      if (List.of("confirmed", "reverted", "completed", "done", "error", "failed").contains(status)) continue;
      Set<String> hosts = moving.computeIfAbsent(m.get("instance_uuid").asText(), k -> new HashSet<>());
      if (!m.get("source_compute").isNull()) hosts.add(m.get("source_compute").asText());
      if (!m.get("dest_compute").isNull()) hosts.add(m.get("dest_compute").asText());
    }
    // Device -> holder, and each server's held devices by host.
    Map<String, Map<String, JsonNode>> heldBy = new HashMap<>();
    Set<String> rows = new HashSet<>();
    for (JsonNode d : admin.get("/compute/v2.1/os-pci-devices").get("pci_devices")) {
      String host = d.get("host").asText();
      String address = d.get("address").asText();
      if (!rows.add(host + "/" + address)) broken.add("device " + host + "/" + address + " is listed twice");
      String holder = d.get("instance_uuid").asText(null);
      if (holder == null) continue;
      heldBy.computeIfAbsent(holder, k -> new HashMap<>()).put(host + "/" + address, d);
      JsonNode server = servers.get(holder);
      if (server == null) {
        broken.add("device " + host + "/" + address + " (" + d.get("status").asText() + ") is held by " + holder
            + ", which is no live server");
      } else if (!host.equals(server.get("OS-EXT-SRV-ATTR:host").asText(null))
          && !moving.getOrDefault(holder, Set.of()).contains(host) && up.contains(host)) {
        broken.add("device " + host + "/" + address + " is held by " + holder + ", which runs on "
            + server.get("OS-EXT-SRV-ATTR:host").asText(null) + " (" + server.get("status").asText() + ") with no move to "
            + host);
      }
    }
    Map<String, String> boundSlots = new HashMap<>();
    for (JsonNode p : admin.get("/networking/v2.0/ports").get("ports")) {
      String slot = p.at("/binding:profile/pci_slot").asText("");
      if (slot.isEmpty()) continue;
      String key = p.get("binding:host_id").asText() + "/" + slot;
      String other = boundSlots.put(key, p.get("device_id").asText());
      if (other != null && !other.equals(p.get("device_id").asText())) {
        broken.add("device " + key + " is bound to ports of two servers, " + other + " and " + p.get("device_id").asText());
      }
    }
    for (JsonNode s : servers.values()) {
      String id = s.get("id").asText();
      if (!s.get("OS-EXT-STS:task_state").isNull()) {
        broken.add("server " + id + " is stuck in task " + s.get("OS-EXT-STS:task_state").asText());
      }
      if (s.get("status").asText().equals("ACTIVE")) activeServer(cluster, admin, s, heldBy.getOrDefault(id, Map.of()), up,
          broken);
    }
    return broken;
  }

  private static void activeServer(GuestFiles cluster, CloudApi admin, JsonNode s, Map<String, JsonNode> held,
      Set<String> up, List<String> broken) throws Exception {
    String id = s.get("id").asText();
    String host = s.get("OS-EXT-SRV-ATTR:host").asText();
    if (!Files.exists(cluster.domainFile(host, id))) {
      broken.add("ACTIVE server " + id + " has no guest on its host " + host);
      return;
    }
    String xml = Files.readString(cluster.domainFile(host, id));
    String state = Files.exists(cluster.stateFile(host, id)) ? Files.readString(cluster.stateFile(host, id)).strip() : "SHUTOFF";
    if (!state.equals("RUNNING")) broken.add("ACTIVE server " + id + "'s guest on " + host + " is " + state);
    for (String other : cluster.hosts()) {
      if (!other.equals(host) && up.contains(other) && Files.exists(cluster.domainFile(other, id))) {
        broken.add("ACTIVE server " + id + " on " + host + " has a guest on " + other + " too");
      }
    }
    for (JsonNode p : admin.get("/networking/v2.0/ports?device_id=" + id).get("ports")) {
      if (!p.get("binding:vnic_type").asText().equals("vdpa")) continue;
      String port = p.get("id").asText();
      if (!p.get("binding:host_id").asText().equals(host)) {
        broken.add("port " + port + " of ACTIVE server " + id + " on " + host + " is bound to '"
            + p.get("binding:host_id").asText() + "'");
        continue;
      }
      JsonNode device = held.get(host + "/" + p.at("/binding:profile/pci_slot").asText());
      if (device == null) {
        broken.add("port " + port + " of ACTIVE server " + id + " names " + p.get("binding:profile")
            + ", which is no device the server holds on " + host);
      } else if (!device.get("status").asText().equals("allocated")) {
        broken.add("the device of port " + port + " of ACTIVE server " + id + " is " + device.get("status").asText());
      } else if (!xml.contains("<source dev=\"" + device.get("vdpa_path").asText() + "\"/>")) {
        broken.add("ACTIVE server " + id + "'s guest on " + host + " lacks the vDPA interface of its port " + port + " ("
            + device.get("vdpa_path").asText() + ")");
      }
    }
  }
}
