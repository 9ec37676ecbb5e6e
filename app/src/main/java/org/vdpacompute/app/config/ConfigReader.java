package org.vdpacompute.app.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** Reads a file into a {@link Configuration}: syntax, schema, then typed values and defaults. */
final class ConfigReader {
  private final String source;
  private final Entries entries;

  private ConfigReader(String source, Entries entries) {
    this.source = source;
    this.entries = entries;
  }

  static Configuration load(Path file) {
    return read(file.toString(), lines(file));
  }

  /** @param source the file's name, for messages */
  static Configuration read(String source, List<String> lines) {
    IniFile file = IniParser.parse(source, lines);
    return new ConfigReader(source, Entries.check(source, file)).configuration();
  }

  private static List<String> lines(Path file) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(file + ": is a directory, not a configuration file");
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such configuration file", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          file + ": cannot read the configuration file: permission denied", e);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + ": is not UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file: " + e, e);
    }
  }

  private Configuration configuration() {
    DefaultSection defaults = new DefaultSection(
        value(Option.HOST, Values::hostName), value(Option.STATE_PATH, Path::of), value(Option.DEBUG, Values::bool));
    DatabaseSection database = value(Option.DATABASE_CONNECTION, DatabaseSection::new);
    return new Configuration(
        source,
        defaults,
        api(),
        database == null ? DatabaseSection.embeddedUnder(defaults.statePath()) : database,
        new IdentitySection(text(Option.ADMIN_PASSWORD), text(Option.SERVICE_PASSWORD)),
        compute(),
        new EmulatedSection(value(Option.TOPOLOGY, Path::of), value(Option.REPRESENTOR_PREFIX, Values::representorPrefix)),
        new OvsSection(value(Option.OVS_PLUG, Values::bool), text(Option.OVS_BRIDGE),
            value(Option.OVS_CONNECTION, Values::ovsdbEndpoint)),
        new LibvirtSection(text(Option.LIBVIRT_URI)),
        PciReader.read(source, entries));
  }

  private ApiSection api() {
    ListenAddress listen = value(Option.API_LISTEN, ListenAddress::parse);
    URI publicUrl = value(Option.API_PUBLIC_URL, Values::httpUrl);
    Path cert = value(Option.API_CERT_FILE, Path::of);
    Path key = value(Option.API_KEY_FILE, Path::of);
    try {
      return new ApiSection(listen, publicUrl, cert, key);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": [api] " + e.getMessage(), e);
    }
  }

  private ComputeSection compute() {
    return new ComputeSection(
        value(Option.DRIVER, ComputeDriver::of),
        value(Option.CONTROLLER_URL, Values::httpUrl),
        value(Option.COMPUTE_LISTEN, ListenAddress::parse),
        value(Option.ALLOW_RESIZE_TO_SAME_HOST, Values::bool),
        value(Option.SHELVED_OFFLOAD_TIME, t -> checked(t, ComputeSection::checkShelvedOffloadTime)),
        value(Option.HEARTBEAT_INTERVAL, t -> checked(t, ComputeSection::checkHeartbeatInterval)),
        value(Option.CONTROLLER_CA_FILE, Path::of),
        value(Option.SYNC_POWER_STATE_INTERVAL, Values::integer));
  }

  private static int checked(String text, IntConsumer check) {
    int value = Values.integer(text);
    check.accept(value);
    return value;
  }

  private String text(Option option) {
    return value(option, t -> t);
  }

  /**
   * The option's parsed value; when the file does not set it, its parsed default, or null for an
   * option without one.
   */
  private <T> T value(Option option, Function<String, T> parser) {
    return entries.single(option)
        .map(entry -> parsed(entry, parser))
        .orElseGet(() -> option.defaultText().map(parser).orElse(null));
  }

  private <T> T parsed(IniEntry entry, Function<String, T> parser) {
    try {
      return parser.apply(entry.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.badValue(source, entry, e.getMessage(), e);
    }
  }
}
