package org.vdpacompute.app.config;

import java.util.List;
import java.util.function.Function;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.core.pci.spec.PciAliasList;

/** {@code [pci]}: hands the values to core's parsers and names the line any refusal comes from. */
final class PciReader {
  private PciReader() {}

  static PciSection read(String source, Entries entries) {
    List<IniEntry> specs = entries.all(Option.DEVICE_SPEC, Option.PASSTHROUGH_WHITELIST);
    List<IniEntry> aliases = entries.all(Option.ALIAS);
    return new PciSection(
        parse(source, specs, DeviceSpecList::parse), parse(source, aliases, PciAliasList::parse));
  }

  /**
   * Parses all values at once, as the list they form. Core's refusal names the entry by its
   * position only in its message, so on failure the shortest failing prefix finds the line:
   * entries are numbered from the start and an alias disagrees only with earlier ones, so that
   * prefix ends at the entry the message is about.
   */
  private static <T> T parse(
      String source, List<IniEntry> entries, Function<List<String>, T> parser) {
    List<String> values = entries.stream().map(IniEntry::value).toList();
    try {
      return parser.apply(values);
    } catch (InvalidValueException whole) {
      for (int n = 1; n <= values.size(); n++) {
        try {
          parser.apply(values.subList(0, n));
        } catch (InvalidValueException e) {
          throw ConfigException.badValue(source, entries.get(n - 1), e.getMessage(), e);
        }
      }
      // Not reached while core numbers entries from the start; still one exception type out.
      throw new ConfigException(source + ": [pci] " + whole.getMessage(), whole);
    }
  }
}
