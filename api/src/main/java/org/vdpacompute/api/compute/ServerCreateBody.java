package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.workflows.ServerRequest;
import org.vdpacompute.core.InvalidValueException;

/**
 * The {@code server} object of a server create, read one way for the create itself and for the
 * scheduling explanation that takes the same body: its fields, its flavor and its {@code networks}.
 */
final class ServerCreateBody {
  /**
   * What a create may say. Fields Nova has and this cloud does not act on (key pairs, user data,
   * volumes, metadata) are refused by name rather than silently dropped.
   */
  private static final Set<String> FIELDS = Set.of("name", "imageRef", "flavorRef", "networks", "min_count",
      "max_count", "return_reservation_id", "availability_zone", "security_groups", "OS-DCF:diskConfig", "metadata",
      "config_drive", "description");
  private static final Set<String> NIC_FIELDS = Set.of("port", "uuid", "fixed_ip", "tag");

  private ServerCreateBody() {}

  /** The ports and networks asked for, in the guest's order, or the one network {@code auto} finds. */
  record Networks(List<ServerRequest.Nic> nics, boolean auto) {}

  /** The request's {@code server} object, with no field a create does not know. */
  static JsonNode read(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, "server");
    JsonBodies.onlyKnown(body, "server", FIELDS);
    return body;
  }

  static String flavorRef(JsonNode body) {
    return required(body, "flavorRef");
  }

  static String required(JsonNode body, String field) {
    String v = JsonBodies.text(body, field);
    if (v == null || v.isBlank()) throw new InvalidValueException("'" + field + "' is a required property");
    return v;
  }

  /** {@code networks}: a list of ports and networks; {@code auto} or {@code none} from microversion 2.37, when it is required. */
  static Networks networks(Context ctx, JsonNode body) {
    JsonNode nets = body.get("networks");
    List<ServerRequest.Nic> nics = new ArrayList<>();
    if (nets == null) {
      if (ComputeApi.of(ctx).isAtLeast(2, 37)) {
        throw new InvalidValueException("'networks' is a required property from microversion 2.37: a list of ports or networks, 'auto' or 'none'");
      }
      return new Networks(nics, true);
    }
    if (nets.isTextual() && ComputeApi.of(ctx).isAtLeast(2, 37) && (nets.asText().equals("auto") || nets.asText().equals("none"))) {
      return new Networks(nics, nets.asText().equals("auto"));
    }
    if (nets.isArray()) {
      for (JsonNode n : nets) nics.add(nic(n));
      return new Networks(nics, false);
    }
    throw new InvalidValueException("'networks' must be a list of {\"port\": ID} or {\"uuid\": NETWORK_ID}"
        + (ComputeApi.of(ctx).isAtLeast(2, 37) ? ", or 'auto' or 'none'" : ""));
  }

  private static ServerRequest.Nic nic(JsonNode n) {
    if (!n.isObject()) throw new InvalidValueException("each entry of 'networks' must be an object, not " + n);
    JsonBodies.onlyKnown(n, "networks", NIC_FIELDS);
    String port = JsonBodies.text(n, "port");
    String network = JsonBodies.text(n, "uuid");
    String fixedIp = JsonBodies.text(n, "fixed_ip");
    if ((port == null) == (network == null)) {
      throw new InvalidValueException("each entry of 'networks' names either a 'port' or a network 'uuid'");
    }
    if (port != null && fixedIp != null) {
      throw new InvalidValueException("'fixed_ip' goes with a network 'uuid', not with a port, which has its addresses");
    }
    return new ServerRequest.Nic(port, network, fixedIp);
  }
}
