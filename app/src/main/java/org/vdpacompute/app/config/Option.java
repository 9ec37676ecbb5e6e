package org.vdpacompute.app.config;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Every key the file may hold, by section: the schema against which unknown keys are refused. */
enum Option {
  HOST("DEFAULT", "host"),
  STATE_PATH("DEFAULT", "state_path"),
  API_LISTEN("api", "listen"),
  API_PUBLIC_URL("api", "public_url"),
  DATABASE_CONNECTION("database", "connection"),
  ADMIN_PASSWORD("identity", "admin_password"),
  SERVICE_PASSWORD("identity", "service_password"),
  DRIVER("compute", "driver"),
  CONTROLLER_URL("compute", "controller_url"),
  COMPUTE_LISTEN("compute", "listen"),
  ALLOW_RESIZE_TO_SAME_HOST("compute", "allow_resize_to_same_host"),
  SHELVED_OFFLOAD_TIME("compute", "shelved_offload_time"),
  HEARTBEAT_INTERVAL("compute", "heartbeat_interval"),
  SYNC_POWER_STATE_INTERVAL("compute", "sync_power_state_interval"),
  TOPOLOGY("emulated", "topology"),
  OVS_PLUG("ovs", "plug"),
  OVS_BRIDGE("ovs", "bridge"),
  OVS_CONNECTION("ovs", "connection"),
  LIBVIRT_URI("libvirt", "uri"),
  DEVICE_SPEC("pci", "device_spec"),
  // Nova's older name of device_spec; both feed one list, in file order.
  PASSTHROUGH_WHITELIST("pci", "passthrough_whitelist"),
  ALIAS("pci", "alias");

  private static final Set<Option> MULTI_VALUED = Set.of(DEVICE_SPEC, PASSTHROUGH_WHITELIST, ALIAS);
  private static final Set<Option> SECRETS = Set.of(ADMIN_PASSWORD, SERVICE_PASSWORD);
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  private static final String MASK = "****";

  private final String section;
  private final String key;

  Option(String section, String key) {
    this.section = section;
    this.key = key;
  }

  String section() {
    return section;
  }

  String key() {
    return key;
  }

  /** Whether the key may repeat, each line adding one value. */
  boolean multiValued() {
    return MULTI_VALUED.contains(this);
  }

  /** The value as a message may show it: passwords never appear in logs or on a terminal. */
  String display(String value) {
    if (SECRETS.contains(this)) {
      return MASK;
    }
    if (this == DATABASE_CONNECTION) {
      return URL_PASSWORD.matcher(value).replaceAll("$1" + MASK);
    }
    return value;
  }

  static Optional<Option> find(String section, String key) {
    return Arrays.stream(values())
        .filter(o -> o.section.equals(section) && o.key.equals(key))
        .findFirst();
  }

  /** The known sections, in the order the contract lists them. */
  static Set<String> sections() {
    Set<String> sections = new LinkedHashSet<>();
    for (Option option : values()) {
      sections.add(option.section);
    }
    return sections;
  }

  /** The known keys of a section, in schema order. */
  static List<String> keys(String section) {
    return Arrays.stream(values()).filter(o -> o.section.equals(section)).map(Option::key).toList();
  }

  /** {@code [section] key}. */
  @Override
  public String toString() {
    return "[" + section + "] " + key;
  }
}
