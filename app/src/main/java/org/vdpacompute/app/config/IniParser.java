package org.vdpacompute.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the file's lines into entries; knows the syntax, not the schema. The rules are in the
 * package documentation.
 */
final class IniParser {
  private static final Pattern SECTION = Pattern.compile("\\[([^\\[\\]]*)\\]\\s*(?:[#;].*)?");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private IniParser() {}

  /**
   * The sections and entries of the file, in file order.
   *
   * @param source the file's name, for messages
   * @throws ConfigException naming the line that is neither a comment, a section header nor an
   *     entry
   */
  static IniFile parse(String source, List<String> lines) {
    Map<String, Integer> sections = new LinkedHashMap<>();
    List<IniEntry> entries = new ArrayList<>();
    String section = null;
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String raw = lines.get(i);
      String line = (i == 0 && !raw.isEmpty() && raw.charAt(0) == BYTE_ORDER_MARK)
          ? raw.substring(1).strip()
          : raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = sectionName(source, number, line);
        sections.putIfAbsent(section, number);
        continue;
      }
      entries.add(entry(source, number, section, line));
    }
    return new IniFile(sections, entries);
  }

  private static String sectionName(String source, int number, String line) {
    Matcher m = SECTION.matcher(line);
    if (!m.matches() || m.group(1).isBlank()) {
      throw ConfigException.badLine(
          source, number, "'" + line + "' is not a section header [name]");
    }
    return m.group(1).strip();
  }

  private static IniEntry entry(String source, int number, String section, String line) {
    int equals = line.indexOf('=');
    String key = equals < 0 ? "" : line.substring(0, equals).strip();
    if (!KEY.matcher(key).matches()) {
      throw ConfigException.badLine(
          source, number, "'" + line + "' is not a comment, a [section] or key = value");
    }
    if (section == null) {
      throw ConfigException.badLine(
          source, number, "key '" + key + "' comes before any [section]; put it under [DEFAULT]");
    }
    String value = unquote(withoutComment(line.substring(equals + 1)).strip());
    return new IniEntry(section, key, value, number);
  }

  /**
   * The value up to an inline comment: a {@code #} after white space, outside a double-quoted
   * string, so that JSON such as {@code {"tag": "a #b"}} keeps its strings whole.
   */
  private static String withoutComment(String value) {
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '#' && i > 0 && Character.isWhitespace(value.charAt(i - 1))) {
        return value.substring(0, i);
      }
    }
    return value;
  }

  /** {@code "a #b"} is {@code a #b}: quotes around the whole value go, as in oslo.config. */
  private static String unquote(String value) {
    boolean quoted = value.length() >= 2
        && value.charAt(0) == '"'
        && value.indexOf('"', 1) == value.length() - 1;
    return quoted ? value.substring(1, value.length() - 1) : value;
  }
}
