package org.vdpacompute.controller.quota;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a project's quotas limit, by the name the compute and networking APIs give each, with
 * Nova's and Neutron's default limits (-1 is no limit). Those marked enforced are counted and
 * refused over their limit here; the others are kept and shown, as their APIs show them, but this
 * cloud makes none of what they count (key pairs, server groups, routers, floating IPs...).
 */
public enum QuotaResource {
  INSTANCES("instances", Service.COMPUTE, 10, true),
  CORES("cores", Service.COMPUTE, 20, true),
  RAM("ram", Service.COMPUTE, 50 * 1024, true),
  /** Per server: the most metadata items one server may have. */
  METADATA_ITEMS("metadata_items", Service.COMPUTE, 128, true),
  INJECTED_FILES("injected_files", Service.COMPUTE, 5, false),
  INJECTED_FILE_CONTENT_BYTES("injected_file_content_bytes", Service.COMPUTE, 10 * 1024, false),
  INJECTED_FILE_PATH_BYTES("injected_file_path_bytes", Service.COMPUTE, 255, false),
  KEY_PAIRS("key_pairs", Service.COMPUTE, 100, false),
  SERVER_GROUPS("server_groups", Service.COMPUTE, 10, false),
  SERVER_GROUP_MEMBERS("server_group_members", Service.COMPUTE, 10, false),
  NETWORK("network", Service.NETWORK, 100, true),
  SUBNET("subnet", Service.NETWORK, 100, true),
  PORT("port", Service.NETWORK, 500, true),
  ROUTER("router", Service.NETWORK, 10, false),
  FLOATINGIP("floatingip", Service.NETWORK, 50, false),
  SECURITY_GROUP("security_group", Service.NETWORK, 10, false),
  SECURITY_GROUP_RULE("security_group_rule", Service.NETWORK, 100, false),
  RBAC_POLICY("rbac_policy", Service.NETWORK, 10, false),
  SUBNETPOOL("subnetpool", Service.NETWORK, -1, false);

  /** Whose quota it is. */
  public enum Service {
    COMPUTE,
    NETWORK
  }

  /** No limit. */
  public static final int UNLIMITED = -1;

  private final String apiName;
  private final Service service;
  private final int defaultLimit;
  private final boolean enforced;

  QuotaResource(String apiName, Service service, int defaultLimit, boolean enforced) {
    this.apiName = apiName;
    this.service = service;
    this.defaultLimit = defaultLimit;
    this.enforced = enforced;
  }

  public String apiName() {
    return apiName;
  }

  public Service service() {
    return service;
  }

  public int defaultLimit() {
    return defaultLimit;
  }

  /** Whether this cloud counts it and refuses what would go over its limit. */
  public boolean enforced() {
    return enforced;
  }

  /** A service's resources, in the order its API lists them. */
  public static List<QuotaResource> of(Service service) {
    return Arrays.stream(values()).filter(r -> r.service == service).toList();
  }

  /** A service's resource by its API name. */
  public static Optional<QuotaResource> named(Service service, String apiName) {
    return Arrays.stream(values()).filter(r -> r.service == service && r.apiName.equals(apiName)).findFirst();
  }

  /** Whether {@code used} more of it fits under {@code limit} with {@code asked} more. */
  static boolean fits(long limit, long used, long asked) {
    return limit == UNLIMITED || used + asked <= limit;
  }
}
