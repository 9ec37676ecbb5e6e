package org.vdpacompute.ovs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Makes a switch's database ready for hosts whose bridges nobody else makes: the all-in-one's
 * emulated hosts, each with a bridge of its own. What {@code ovs-vsctl init} and {@code ovs-vsctl
 * --may-exist add-br} write, over OVSDB: the database's root row, and a bridge with its internal
 * port of the same name. Each is one transaction that checks first ({@code wait}) that it is still
 * missing, so that two callers make it once.
 */
public final class Bridges {
  private static final String ROOT = "Open_vSwitch";
  private static final int ATTEMPTS = 5;

  private Bridges() {}

  /** Adds the root row to a database that has none, as {@code ovs-vsctl init} does. */
  public static void initialize(OvsdbEndpoint endpoint, Duration timeout) {
    try (OvsdbConnection conn = OvsdbConnection.open(endpoint, timeout)) {
      ArrayNode results = conn.transact(Ovsdb.ops()
          .add(Ovsdb.waitUntilEqual(ROOT, Ovsdb.ops(), Ovsdb.rows(), "_uuid"))
          .add(Ovsdb.insert(ROOT, Ovsdb.row(), "root")));
      // A failed wait means a root row exists: nothing to do.
      if (!"timed out".equals(results.path(0).path("error").asText(null))) {
        Ovsdb.failOnError(endpoint.toString(), results, "initializing the database");
      }
    }
  }

  /**
   * Makes the bridge unless it exists.
   *
   * @return whether it was made now
   */
  public static boolean ensure(OvsdbEndpoint endpoint, String bridge, Duration timeout) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (OvsdbConnection conn = OvsdbConnection.open(endpoint, timeout)) {
        ArrayNode existing = conn.transact(Ovsdb.ops().add(Ovsdb.select("Bridge", Ovsdb.whereName(bridge), "_uuid")));
        Ovsdb.failOnError(endpoint.toString(), existing, "reading bridge " + bridge);
        if (existing.path(0).path("rows").size() > 0) {
          return false;
        }
        ObjectNode iface = Ovsdb.row().put("name", bridge).put("type", "internal");
        ObjectNode port = Ovsdb.row().put("name", bridge);
        port.set("interfaces", Ovsdb.namedUuid("iface"));
        ObjectNode row = Ovsdb.row().put("name", bridge);
        row.set("ports", Ovsdb.namedUuid("port"));
        ArrayNode results = conn.transact(Ovsdb.ops()
            .add(Ovsdb.waitUntilEqual("Bridge", Ovsdb.whereName(bridge), Ovsdb.rows(), "name"))
            .add(Ovsdb.insert("Interface", iface, "iface"))
            .add(Ovsdb.insert("Port", port, "port"))
            .add(Ovsdb.insert("Bridge", row, "bridge"))
            .add(Ovsdb.mutate(ROOT, Ovsdb.ops(),
                Ovsdb.mutation("bridges", "insert", Ovsdb.set(List.of(Ovsdb.namedUuid("bridge")))))));
        if ("timed out".equals(results.path(0).path("error").asText(null))) {
          continue; // made meanwhile: read again
        }
        Ovsdb.failOnError(endpoint.toString(), results, "adding bridge " + bridge);
        if (results.path(4).path("count").asInt() == 0) {
          throw new SwitchTransactionException(endpoint.toString(), "the switch's database at " + endpoint
              + " has no " + ROOT + " row to add bridge " + bridge + " to; initialize it (ovs-vsctl init)");
        }
        return true;
      }
    }
    throw new SwitchTransactionException(endpoint.toString(), "adding bridge " + bridge + " to the switch at "
        + endpoint + " lost to concurrent changes " + ATTEMPTS + " times in a row");
  }
}
