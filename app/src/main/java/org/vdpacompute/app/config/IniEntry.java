package org.vdpacompute.app.config;

/** One {@code key = value} line of the file: where it stands and what it says. */
record IniEntry(String section, String key, String value, int line) {

  /** {@code [section] key = value}, as an error message shows it; secrets are masked. */
  String describe() {
    String shown = Option.find(section, key).map(o -> o.display(value)).orElse(value);
    return "[" + section + "] " + key + " = " + shown;
  }
}
