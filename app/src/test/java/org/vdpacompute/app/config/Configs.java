package org.vdpacompute.app.config;

/** Reads configuration text as if it were the file {@link #SOURCE}. */
final class Configs {
  static final String SOURCE = "/etc/vdpa/compute.conf";

  private Configs() {}

  static Configuration read(String text) {
    return ConfigReader.read(SOURCE, text.lines().toList());
  }
}
