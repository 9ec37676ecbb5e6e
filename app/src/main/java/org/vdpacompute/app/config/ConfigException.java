package org.vdpacompute.app.config;

import org.vdpacompute.core.InvalidValueException;

/**
 * The configuration file is missing, unreadable or wrong. The message names the file and, where
 * there is one, the section, key and offending value:
 * {@code /etc/vdpa/compute.conf: [compute] heartbeat_interval = 0: is not a positive integer}.
 */
public class ConfigException extends InvalidValueException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code FILE: [section] key = value: problem}, with secrets masked. */
  static ConfigException badValue(String source, IniEntry entry, String problem) {
    return badValue(source, entry, problem, null);
  }

  static ConfigException badValue(String source, IniEntry entry, String problem, Throwable cause) {
    return new ConfigException(source + ": " + entry.describe() + ": " + problem, cause);
  }

  /** {@code FILE: [section] key = value: problem} for a value already read, secrets masked. */
  static ConfigException badValue(String source, Option option, String value, String problem) {
    return new ConfigException(
        source + ": " + option + " = " + option.display(value) + ": " + problem);
  }

  /** {@code FILE: line N: problem}, for a line that is not an entry at all. */
  static ConfigException badLine(String source, int line, String problem) {
    return new ConfigException(source + ": line " + line + ": " + problem);
  }

  /** {@code FILE: [section] key is required for the COMMAND command}. */
  static ConfigException missing(String source, Option option, String command) {
    return new ConfigException(
        source + ": " + option + " is required for the " + command + " command");
  }
}
