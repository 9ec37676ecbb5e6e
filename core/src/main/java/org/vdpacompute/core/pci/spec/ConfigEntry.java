package org.vdpacompute.core.pci.spec;

/**
 * Where a configured value came from, for error messages: the option, the value's 1-based position
 * among the option's values and, when the value is a JSON list, the 1-based element (0 if none).
 */
record ConfigEntry(String option, int position, int element) {

  static ConfigEntry of(String option, int position) {
    return new ConfigEntry(option, position, 0);
  }

  ConfigEntry element(int element) {
    return new ConfigEntry(option, position, element);
  }

  /** {@code device_spec entry 2} or {@code device_spec entry 2, element 3}. */
  String describe() {
    return option + " entry " + position + (element > 0 ? ", element " + element : "");
  }

  String message(String problem) {
    return describe() + ": " + problem;
  }

  String message(String key, String problem) {
    return describe() + ": key '" + key + "' " + problem;
  }

  String message(String key, String value, String problem) {
    return describe() + ": key '" + key + "': '" + value + "' " + problem;
  }
}
