package org.vdpacompute.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Representors in an Open vSwitch bridge, written over OVSDB as os-vif's OVS plugin writes them
 * for a hardware-offloaded port ({@code create_ovs_vif_port}: a Port and its Interface named after
 * the representor, the Interface's {@code external_ids} naming port, MAC and server).
 *
 * <p>Each change is read, then committed in one transaction that first {@code wait}s for what it
 * read to be still true (no interface of that name yet; the interface's {@code external_ids} as
 * read), and mutates the bridge's port set rather than rewriting it. A concurrent change makes the
 * wait fail and the transaction do nothing; the operation then reads again and decides again, a
 * few times. So two agents, or an agent and its own earlier run, never add the representor twice,
 * nor overwrite a binding or another program's port. Port and Interface rows are not roots of the
 * schema: the server deletes them itself once the bridge no longer refers to them.
 */
final class OvsdbSwitchPorts implements SwitchPorts {
  private static final System.Logger LOG = System.getLogger(OvsdbSwitchPorts.class.getName());

  private static final String BRIDGE = "Bridge";
  private static final String PORT = "Port";
  private static final String INTERFACE = "Interface";
  private static final String EXTERNAL_IDS = "external_ids";
  /** Losing this many times in a row means something rewrites the bridge continuously. */
  static final int ATTEMPTS = 5;

  private final SwitchSettings settings;
  private final String endpoint;

  OvsdbSwitchPorts(SwitchSettings settings) {
    this.settings = settings;
    this.endpoint = settings.endpoint().toString();
  }

  @Override
  public PlugOutcome plug(PortBinding binding) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (OvsdbConnection conn = connect()) {
        View view = read(conn, binding.representor());
        if (view.port == null && view.iface == null) {
          if (commit(conn, addOps(view, binding))) {
            return PlugOutcome.ADDED;
          }
          continue;
        }
        requireInBridge(view, binding.representor());
        if (binding.writtenIn(view.iface.externalIds)) {
          return PlugOutcome.UNCHANGED;
        }
        if (commit(conn, rebindOps(view, binding))) {
          LOG.log(System.Logger.Level.INFO, "representor {0} in bridge {1} had external_ids {2}; now bound to port {3}",
              binding.representor(), settings.bridge(), view.iface.externalIds, binding.portId());
          return PlugOutcome.REBOUND;
        }
      }
    }
    throw kept("plugging representor " + binding.representor() + " for port " + binding.portId());
  }

  @Override
  public UnplugOutcome unplug(String representor, String portId) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (OvsdbConnection conn = connect()) {
        View view = read(conn, representor);
        if (view.port == null || view.iface == null || !view.bridgePorts.contains(view.port.uuid)) {
          return UnplugOutcome.ABSENT;
        }
        if (!portId.equals(view.iface.externalIds.get(PortBinding.IFACE_ID))) {
          LOG.log(System.Logger.Level.INFO, "representor {0} serves port {1}, not {2}; left in bridge {3}",
              representor, view.iface.externalIds.get(PortBinding.IFACE_ID), portId, settings.bridge());
          return UnplugOutcome.HELD_BY_ANOTHER_PORT;
        }
        ArrayNode ops = Ovsdb.ops()
            .add(unchangedExternalIds(view.iface))
            .add(Ovsdb.mutate(BRIDGE, Ovsdb.whereUuid(view.bridgeUuid),
                Ovsdb.mutation("ports", "delete", Ovsdb.set(List.of(Ovsdb.uuid(view.port.uuid))))));
        if (commit(conn, ops)) {
          return UnplugOutcome.REMOVED;
        }
      }
    }
    throw kept("unplugging representor " + representor + " of port " + portId);
  }

  @Override
  public List<PortBinding> plugged() {
    try (OvsdbConnection conn = connect()) {
      ArrayNode results = conn.transact(Ovsdb.ops()
          .add(Ovsdb.select(BRIDGE, Ovsdb.whereName(settings.bridge()), "_uuid", "ports"))
          .add(Ovsdb.select(PORT, Ovsdb.ops(), "_uuid", "interfaces"))
          .add(Ovsdb.select(INTERFACE, Ovsdb.ops(), "_uuid", "name", EXTERNAL_IDS)));
      failOnError(results, "listing bridge " + settings.bridge());
      JsonNode bridge = requireBridge(results.get(0));
      Set<String> ports = Ovsdb.readUuids(bridge.path("ports"));
      Map<String, JsonNode> interfaces = new HashMap<>();
      for (JsonNode row : results.get(2).path("rows")) {
        interfaces.put(Ovsdb.readUuid(row.path("_uuid")), row);
      }
      List<PortBinding> bindings = new ArrayList<>();
      for (JsonNode port : results.get(1).path("rows")) {
        if (!ports.contains(Ovsdb.readUuid(port.path("_uuid")))) {
          continue;
        }
        for (String ifaceUuid : Ovsdb.readUuids(port.path("interfaces"))) {
          JsonNode iface = interfaces.get(ifaceUuid);
          if (iface != null) {
            PortBinding binding = PortBinding.fromExternalIds(
                iface.path("name").asText(), Ovsdb.readMap(iface.path(EXTERNAL_IDS)));
            if (binding != null) {
              bindings.add(binding);
            }
          }
        }
      }
      bindings.sort(Comparator.comparing(PortBinding::representor));
      return bindings;
    }
  }

  @Override
  public SwitchHealth health() {
    try (OvsdbConnection conn = connect()) {
      boolean served = false;
      for (JsonNode db : conn.listDbs()) {
        served |= OvsdbConnection.DATABASE.equals(db.asText());
      }
      if (!served) {
        return new SwitchHealth(false, "the database server at " + endpoint + " does not serve "
            + OvsdbConnection.DATABASE + "; is it Open vSwitch's?");
      }
      ArrayNode results = conn.transact(Ovsdb.ops()
          .add(Ovsdb.select(BRIDGE, Ovsdb.whereName(settings.bridge()), "_uuid")));
      failOnError(results, "reading bridge " + settings.bridge());
      requireBridge(results.get(0));
      return new SwitchHealth(true, "bridge " + settings.bridge() + " of the switch at " + endpoint + " is reachable");
    } catch (SwitchException e) {
      return new SwitchHealth(false, e.getMessage());
    }
  }

  private OvsdbConnection connect() {
    return OvsdbConnection.open(settings.endpoint(), settings.timeout());
  }

  /** The bridge, and the Port and Interface named after the representor, in one snapshot. */
  private View read(OvsdbConnection conn, String representor) {
    ArrayNode results = conn.transact(Ovsdb.ops()
        .add(Ovsdb.select(BRIDGE, Ovsdb.whereName(settings.bridge()), "_uuid", "ports"))
        .add(Ovsdb.select(PORT, Ovsdb.whereName(representor), "_uuid", "interfaces"))
        .add(Ovsdb.select(INTERFACE, Ovsdb.whereName(representor), "_uuid", EXTERNAL_IDS)));
    failOnError(results, "reading representor " + representor);
    JsonNode bridge = requireBridge(results.get(0));
    JsonNode port = results.get(1).path("rows").path(0);
    JsonNode iface = results.get(2).path("rows").path(0);
    return new View(
        Ovsdb.readUuid(bridge.path("_uuid")),
        Ovsdb.readUuids(bridge.path("ports")),
        port.isMissingNode() ? null : new Row(Ovsdb.readUuid(port.path("_uuid")), Map.of()),
        iface.isMissingNode() ? null
            : new Row(Ovsdb.readUuid(iface.path("_uuid")), Ovsdb.readMap(iface.path(EXTERNAL_IDS))));
  }

  private JsonNode requireBridge(JsonNode selectResult) {
    JsonNode bridge = selectResult.path("rows").path(0);
    if (bridge.isMissingNode()) {
      throw new BridgeNotFoundException(endpoint, settings.bridge());
    }
    return bridge;
  }

  private void requireInBridge(View view, String representor) {
    if (view.port == null || view.iface == null || !view.bridgePorts.contains(view.port.uuid)) {
      throw new RepresentorInUseException(endpoint, "representor " + representor + " is a port of another bridge"
          + " than " + settings.bridge() + " in the switch at " + endpoint
          + " (ovs-vsctl port-to-br " + representor + " names it); remove it there first");
    }
  }

  /** Interface and Port inserted, the Port added to the bridge's set, if no such row appeared meanwhile. */
  static ArrayNode addOps(String bridgeUuid, PortBinding binding) {
    String name = binding.representor();
    ObjectNode iface = Ovsdb.row().put("name", name);
    iface.set(EXTERNAL_IDS, Ovsdb.map(binding.externalIds()));
    ObjectNode port = Ovsdb.row().put("name", name);
    port.set("interfaces", Ovsdb.namedUuid("iface"));
    return Ovsdb.ops()
        .add(Ovsdb.waitUntilEqual(INTERFACE, Ovsdb.whereName(name), Ovsdb.rows(), "name"))
        .add(Ovsdb.waitUntilEqual(PORT, Ovsdb.whereName(name), Ovsdb.rows(), "name"))
        .add(Ovsdb.insert(INTERFACE, iface, "iface"))
        .add(Ovsdb.insert(PORT, port, "port"))
        .add(Ovsdb.mutate(BRIDGE, Ovsdb.whereUuid(bridgeUuid),
            Ovsdb.mutation("ports", "insert", Ovsdb.set(List.of(Ovsdb.namedUuid("port"))))));
  }

  private static ArrayNode addOps(View view, PortBinding binding) {
    return addOps(view.bridgeUuid, binding);
  }

  /**
   * The binding's keys replaced, other keys kept (ovn-controller adds its own, such as {@code
   * ovn-installed}), if the interface's {@code external_ids} are still as read.
   */
  private static ArrayNode rebindOps(View view, PortBinding binding) {
    Map<String, String> ids = binding.externalIds();
    return Ovsdb.ops()
        .add(unchangedExternalIds(view.iface))
        .add(Ovsdb.mutate(INTERFACE, Ovsdb.whereUuid(view.iface.uuid),
            Ovsdb.mutation(EXTERNAL_IDS, "delete", Ovsdb.stringSet(ids.keySet())),
            Ovsdb.mutation(EXTERNAL_IDS, "insert", Ovsdb.map(ids))));
  }

  private static ObjectNode unchangedExternalIds(Row iface) {
    ObjectNode asRead = Ovsdb.row();
    asRead.set(EXTERNAL_IDS, Ovsdb.map(iface.externalIds));
    return Ovsdb.waitUntilEqual(INTERFACE, Ovsdb.whereUuid(iface.uuid), Ovsdb.rows(asRead), EXTERNAL_IDS);
  }

  /**
   * Runs a transaction; false when it did nothing because what it read had changed (a {@code wait}
   * failed, or a mutated row was gone), to be read and decided again.
   */
  private boolean commit(OvsdbConnection conn, ArrayNode ops) {
    ArrayNode results = conn.transact(ops);
    for (int i = 0; i < results.size(); i++) {
      JsonNode result = results.get(i);
      if ("timed out".equals(result.path("error").asText(null))) {
        return false;
      }
      if (i < ops.size() && "mutate".equals(ops.get(i).path("op").asText()) && result.path("count").asInt(1) == 0) {
        return false;
      }
    }
    failOnError(results, "a transaction");
    return true;
  }

  private void failOnError(ArrayNode results, String what) {
    Ovsdb.failOnError(endpoint, results, what + " on bridge " + settings.bridge());
  }

  private SwitchTransactionException kept(String what) {
    return new SwitchTransactionException(endpoint, what + " in bridge " + settings.bridge() + " of the switch at "
        + endpoint + " lost to concurrent changes " + ATTEMPTS + " times in a row");
  }

  private record Row(String uuid, Map<String, String> externalIds) {}

  private record View(String bridgeUuid, Set<String> bridgePorts, Row port, Row iface) {}
}
