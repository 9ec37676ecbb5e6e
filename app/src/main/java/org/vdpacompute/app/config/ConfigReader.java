package org.vdpacompute.app.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.vdpacompute.ovs.SwitchSettings;

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
        value(Option.HOST, Values::hostName, null), value(Option.STATE_PATH, Path::of, DefaultSection.DEFAULT_STATE_PATH));
    return new Configuration(
        source,
        defaults,
        new ApiSection(value(Option.API_LISTEN, ListenAddress::parse, ApiSection.DEFAULT_LISTEN),
            value(Option.API_PUBLIC_URL, Values::httpUrl, null)),
        value(Option.DATABASE_CONNECTION, DatabaseSection::new,
            DatabaseSection.embeddedUnder(defaults.statePath())),
        new IdentitySection(text(Option.ADMIN_PASSWORD), text(Option.SERVICE_PASSWORD)),
        compute(),
        new EmulatedSection(value(Option.TOPOLOGY, Path::of, null)),
        new OvsSection(
            value(Option.OVS_PLUG, Values::bool, false),
            value(Option.OVS_BRIDGE, t -> t, SwitchSettings.DEFAULT_BRIDGE),
            value(Option.OVS_CONNECTION, Values::ovsdbEndpoint, SwitchSettings.DEFAULT_ENDPOINT)),
        new LibvirtSection(value(Option.LIBVIRT_URI, t -> t, LibvirtSection.DEFAULT_URI)),
        PciReader.read(source, entries));
  }

  private ComputeSection compute() {
    return new ComputeSection(
        value(Option.DRIVER, ComputeDriver::of, null),
        value(Option.CONTROLLER_URL, Values::httpUrl, null),
        value(Option.COMPUTE_LISTEN, ListenAddress::parse, ComputeSection.DEFAULT_LISTEN),
        value(Option.ALLOW_RESIZE_TO_SAME_HOST, Values::bool, false),
        value(Option.SHELVED_OFFLOAD_TIME,
            t -> checked(t, ComputeSection::checkShelvedOffloadTime), 0),
        value(Option.HEARTBEAT_INTERVAL, t -> checked(t, ComputeSection::checkHeartbeatInterval),
            ComputeSection.DEFAULT_HEARTBEAT_INTERVAL),
        value(Option.SYNC_POWER_STATE_INTERVAL, Values::integer, ComputeSection.DEFAULT_SYNC_POWER_STATE_INTERVAL));
  }

  private static int checked(String text, IntConsumer check) {
    int value = Values.integer(text);
    check.accept(value);
    return value;
  }

  private String text(Option option) {
    return value(option, t -> t, null);
  }

  /** The option's parsed value, or the fallback when the file does not set it. */
  private <T> T value(Option option, Function<String, T> parser, T fallback) {
    return entries.single(option).map(entry -> parsed(entry, parser)).orElse(fallback);
  }

  private <T> T parsed(IniEntry entry, Function<String, T> parser) {
    try {
      return parser.apply(entry.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.badValue(source, entry, e.getMessage(), e);
    }
  }
}
