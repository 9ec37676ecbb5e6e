package org.vdpacompute.agent.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * The protocol's JSON: records as objects with their component names, and the domain's values as
 * the text operators know them ({@code "0000:06:00.1"}, {@code "fa:16:3e:00:00:01"}, {@code
 * "vdpa"}, {@code "15b3:101e"}), read back through the values' own parsers, which refuse what is
 * not one. Fields a type does not have are refused (Jackson's default), so both sides stay strict.
 */
public final class AgentJson {
  // As strict as the controller's other APIs: a value of another JSON type (5 for a boolean) and
  // anything after the value are refused, not coerced or ignored.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build().registerModule(new SimpleModule("agent-protocol")
      .addSerializer(PciAddress.class, text(PciAddress::toString))
      .addDeserializer(PciAddress.class, parsedOrRecord(PciAddress.class, PciAddress::parse))
      .addSerializer(MacAddress.class, text(MacAddress::toString))
      .addDeserializer(MacAddress.class, parsed(MacAddress::parse))
      .addSerializer(VnicType.class, text(VnicType::apiName))
      .addDeserializer(VnicType.class, parsed(VnicType::fromApiName))
      .addSerializer(VendorProduct.class, text(VendorProduct::toString))
      .addDeserializer(VendorProduct.class, parsedOrRecord(VendorProduct.class, VendorProduct::parse))
      .addDeserializer(UUID.class, parsed(AgentJson::uuid)));
  /** Reads the records' own JSON, as agents of the previous release wrote addresses and ids. */
  private static final ObjectMapper RECORDS = new ObjectMapper();

  private AgentJson() {}

  /** The protocol's mapper; configured once and shared, as Jackson's mappers are safe to share. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A UUID in its standard text, 36 characters; one that is not is refused naming the text, as the other values are. */
  private static UUID uuid(String text) {
    if (text != null && text.length() == 36) {
      try {
        return UUID.fromString(text);
      } catch (IllegalArgumentException e) {
        // refused below, with the text
      }
    }
    throw new InvalidValueException("'" + text + "' is not a UUID");
  }

  private static <T> JsonSerializer<T> text(Function<T, String> writer) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator out, SerializerProvider serializers) throws IOException {
        out.writeString(writer.apply(value));
      }
    };
  }

  /**
   * {@link #parsed}, or the record's object ({@code {"domain": 0, "bus": 6, ...}}) that agents of the
   * previous release sent in their reports: a controller upgraded before its agents still reads them.
   */
  private static <T> JsonDeserializer<T> parsedOrRecord(Class<T> type, Function<String, T> parser) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
        return in.currentToken() == JsonToken.START_OBJECT ? RECORDS.readValue(in, type) : parser.apply(in.getValueAsString());
      }
    };
  }

  private static <T> JsonDeserializer<T> parsed(Function<String, T> parser) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
        return parser.apply(in.getValueAsString());
      }
    };
  }
}
