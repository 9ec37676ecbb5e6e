package org.vdpacompute.app.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parser found: the sections opened (name to the line that first opened it, in file
 * order) and the entries in file order. A section may be opened without entries, so it is kept
 * apart for the schema to check.
 */
record IniFile(Map<String, Integer> sections, List<IniEntry> entries) {
  IniFile {
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    entries = List.copyOf(entries);
  }
}
