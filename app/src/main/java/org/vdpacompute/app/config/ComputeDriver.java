package org.vdpacompute.app.config;

import java.util.Arrays;

/** The hypervisor driver of a compute agent, {@code [compute] driver}. */
public enum ComputeDriver {
  /** Devices and guests simulated in memory, from {@code [emulated] topology}. */
  EMULATED("emulated"),
  /** A real host through libvirt, {@code [libvirt] uri}. */
  LIBVIRT("libvirt");

  private final String configName;

  ComputeDriver(String configName) {
    this.configName = configName;
  }

  /** The name the configuration file uses. */
  public String configName() {
    return configName;
  }

  /** @throws IllegalArgumentException if the name is none of the drivers */
  public static ComputeDriver of(String configName) {
    return Arrays.stream(values())
        .filter(d -> d.configName.equals(configName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "is not a driver; one of "
                + Arrays.stream(values()).map(ComputeDriver::configName).toList()));
  }
}
