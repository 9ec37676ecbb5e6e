package org.vdpacompute.app.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file's entries checked against the schema: every section and key known, no empty value, and
 * a key repeated only where it is multi-valued. Looked up by {@link Option}.
 */
final class Entries {
  private final List<IniEntry> inOrder;

  private Entries(List<IniEntry> inOrder) {
    this.inOrder = inOrder;
  }

  /** @throws ConfigException naming the first entry the schema refuses */
  static Entries check(String source, IniFile file) {
    file.sections().forEach((section, line) -> {
      if (!Option.sections().contains(section)) {
        throw ConfigException.badLine(
            source, line, "unknown section [" + section + "]; known: " + Option.sections());
      }
    });
    Map<Option, List<IniEntry>> byOption = new EnumMap<>(Option.class);
    for (IniEntry entry : file.entries()) {
      Option option = optionOf(source, entry);
      if (entry.value().isEmpty()) {
        throw ConfigException.badValue(source, entry, "has no value");
      }
      List<IniEntry> same = byOption.computeIfAbsent(option, o -> new ArrayList<>());
      if (!same.isEmpty() && !option.multiValued()) {
        throw ConfigException.badValue(
            source,
            entry,
            "repeated; line " + same.get(0).line()
                + " already set this key, which takes one value");
      }
      same.add(entry);
    }
    return new Entries(file.entries());
  }

  private static Option optionOf(String source, IniEntry entry) {
    return Option.find(entry.section(), entry.key())
        .orElseThrow(() -> ConfigException.badValue(
            source,
            entry,
            "unknown key '" + entry.key() + "' in [" + entry.section() + "]; known: "
                + Option.keys(entry.section())));
  }

  /** The entry of a single-valued option, if the file sets it. */
  Optional<IniEntry> single(Option option) {
    return all(option).stream().findFirst();
  }

  /** Every entry of the given options, in file order. */
  List<IniEntry> all(Option... options) {
    List<Option> wanted = List.of(options);
    return inOrder.stream()
        .filter(e -> Option.find(e.section(), e.key()).filter(wanted::contains).isPresent())
        .toList();
  }
}
