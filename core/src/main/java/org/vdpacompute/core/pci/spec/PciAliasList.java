package org.vdpacompute.core.pci.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;

/**
 * The {@code [pci] alias} option. A name may be configured several times, each entry an
 * alternative set of devices for it, as in Nova; the entries of one name must then agree on NUMA
 * policy and device type, since one request is made from them. Immutable once parsed.
 */
public final class PciAliasList {
  private final Map<String, List<PciAlias>> byName;

  private PciAliasList(Map<String, List<PciAlias>> byName) {
    this.byName = byName;
  }

  /**
   * Parses the configured values, one JSON object per configuration line.
   *
   * @throws InvalidAliasException naming the first malformed entry, key and value, or the entry
   *     that disagrees with an earlier one of the same name
   */
  public static PciAliasList parse(List<String> values) {
    Map<String, List<PciAlias>> byName = new LinkedHashMap<>();
    Map<String, Integer> firstEntry = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      int position = i + 1;
      PciAlias alias = PciAliasParser.parseEntry(position, values.get(i));
      List<PciAlias> same = byName.computeIfAbsent(alias.name(), n -> new ArrayList<>());
      if (!same.isEmpty()) {
        checkAgrees(position, alias, same.get(0), firstEntry.get(alias.name()));
      }
      firstEntry.putIfAbsent(alias.name(), position);
      same.add(alias);
    }
    Map<String, List<PciAlias>> frozen = new LinkedHashMap<>();
    byName.forEach((name, list) -> frozen.put(name, List.copyOf(list)));
    return new PciAliasList(Collections.unmodifiableMap(frozen));
  }

  // Nova counts an alias without numa_policy as legacy, so the two agree.
  private static void checkAgrees(int position, PciAlias alias, PciAlias first, int firstPosition) {
    ConfigEntry entry = ConfigEntry.of(PciAliasParser.OPTION, position);
    NumaPolicy policy = NumaPolicy.effective(null, null, alias.numaPolicy());
    NumaPolicy firstPolicy = NumaPolicy.effective(null, null, first.numaPolicy());
    if (policy != firstPolicy) {
      throw new InvalidAliasException(
          entry.message(
              "numa_policy",
              policy.apiName(),
              disagreement(alias, firstPolicy.apiName(), firstPosition)));
    }
    if (!Objects.equals(alias.deviceType(), first.deviceType())) {
      throw new InvalidAliasException(
          entry.message(
              "device_type",
              show(alias.deviceType()),
              disagreement(alias, show(first.deviceType()), firstPosition)));
    }
  }

  private static String disagreement(PciAlias alias, String earlier, int firstPosition) {
    return "differs from '"
        + earlier
        + "' of alias '"
        + alias.name()
        + "' in alias entry "
        + firstPosition
        + "; entries of one name must agree";
  }

  private static String show(DevType type) {
    return type == null ? "(any)" : type.apiName();
  }

  /** The alternatives configured for the name, in configuration order; empty if none. */
  public List<PciAlias> get(String name) {
    return name == null ? List.of() : byName.getOrDefault(name.strip(), List.of());
  }

  /** The names configured, in configuration order. */
  public Set<String> names() {
    return byName.keySet();
  }

  @Override
  public String toString() {
    return "PciAliasList" + byName;
  }
}
