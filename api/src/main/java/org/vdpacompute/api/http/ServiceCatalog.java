package org.vdpacompute.api.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The catalog a token carries: the four services of the one listener, each with public, internal
 * and admin endpoints in region {@code RegionOne}. Ids are derived from the URLs so that they are
 * the same on every controller sharing a database.
 */
public final class ServiceCatalog {
  public static final String REGION = "RegionOne";

  /** One catalog entry: OpenStack service type, service name, and the endpoint's path under the base URL. */
  public record Entry(String type, String name, String path) {}

  public static final List<Entry> ENTRIES = List.of(
      new Entry("identity", "keystone", "/identity/v3"),
      new Entry("compute", "nova", "/compute/v2.1"),
      new Entry("network", "neutron", "/networking"),
      new Entry("image", "glance", "/image"));

  private final String baseUrl;

  /** @param baseUrl where clients reach the listener, e.g. {@code http://127.0.0.1:8774} */
  public ServiceCatalog(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** The catalog for a request: the listener's public URL ({@link PublicUrl}), never the request's Host header. */
  public static ServiceCatalog of(io.javalin.http.Context ctx) {
    String base = ctx.attribute(ApiServer.BASE_URL);
    if (base == null) throw new IllegalStateException("no public URL for " + ctx.path() + ": not served by ApiServer");
    return new ServiceCatalog(base);
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String url(String path) {
    return baseUrl + path;
  }

  /** One endpoint of a service: its interface ({@code public}, {@code internal}, {@code admin}) and URL. */
  public record Endpoint(String id, String iface, String url, Entry service) {}

  /** The id of a service's catalog entry, the same in every cloud. */
  public static String serviceId(Entry service) {
    return id("service:" + service.type());
  }

  /** A service's endpoints, one per interface, all at the same URL. */
  public List<Endpoint> endpoints(Entry e) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (String iface : List.of("public", "internal", "admin")) {
      endpoints.add(new Endpoint(id("endpoint:" + e.type() + ":" + iface + ":" + url(e.path())), iface, url(e.path()), e));
    }
    return endpoints;
  }

  /** The catalog as Keystone v3 renders it in a token. */
  public List<Map<String, Object>> render() {
    List<Map<String, Object>> services = new ArrayList<>();
    for (Entry e : ENTRIES) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (Endpoint ep : endpoints(e)) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("id", ep.id());
        endpoint.put("interface", ep.iface());
        endpoint.put("region_id", REGION);
        endpoint.put("region", REGION);
        endpoint.put("url", ep.url());
        endpoints.add(endpoint);
      }
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("endpoints", endpoints);
      service.put("id", serviceId(e));
      service.put("type", e.type());
      service.put("name", e.name());
      services.add(service);
    }
    return services;
  }

  private static String id(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }
}
