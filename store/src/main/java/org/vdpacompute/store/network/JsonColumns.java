package org.vdpacompute.store.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.store.DatabaseException;

/** The values kept as JSON text: a subnet's allocation pools and a port's binding profile. */
final class JsonColumns {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Subnet.AllocationPool>> POOLS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> PROFILE = new TypeReference<>() {};

  private JsonColumns() {}

  /** The value as JSON; {@code what} names it in the error should it not be writable. */
  static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException(what + " cannot be stored as JSON: " + e.getOriginalMessage());
    }
  }

  static List<Subnet.AllocationPool> pools(String json, String subnetId) {
    return read(json, POOLS, "allocation pools of subnet " + subnetId);
  }

  static Map<String, Object> profile(String json, String portId) {
    return read(json, PROFILE, "binding profile of port " + portId);
  }

  private static <T> T read(String json, TypeReference<T> type, String what) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new DatabaseException("stored " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
