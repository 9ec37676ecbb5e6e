package org.vdpacompute.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.hostcheck.HostCheck;
import org.vdpacompute.hostcheck.HostReader;
import org.vdpacompute.hostcheck.HostReport;
import org.vdpacompute.hostcheck.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code host-check}: exit 0 when the host is ready for vDPA, 1 when something is missing, 2 on bad usage. */
@Command(name = "host-check", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Reads this host's sysfs and libvirt and says, item by item, what vDPA needs and what is missing;"
        + " prints the [pci] device_spec lines and the udev rules and systemd unit that recreate the host's devices at boot."
        + " Exit 0: ready; 1: something is missing; 2: bad usage.")
final class HostCheckCommand implements Callable<Integer> {
  static final int NOT_READY = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @CommandLine.Mixin Main.DebugOption logging;

  @Option(names = "--sysfs", defaultValue = "/sys", description = "sysfs to read (default: ${DEFAULT-VALUE}).")
  Path sysfs;

  @Option(names = "--procfs", defaultValue = "/proc", description = "procfs to read (default: ${DEFAULT-VALUE}).")
  Path procfs;

  @Option(names = "--devfs", defaultValue = "/dev", description = "Device nodes to look in (default: ${DEFAULT-VALUE}).")
  Path devfs;

  @Option(names = "--libvirt-uri", defaultValue = "qemu:///system", description = "libvirt to ask (default: ${DEFAULT-VALUE}).")
  String libvirtUri;

  @Option(names = "--config", description = "The compute agent's configuration, whose [pci] device_spec is checked against the host.")
  Path config;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Configuration configuration = config == null ? null : Configuration.load(config);
    logging.apply(configuration);
    DeviceSpecList deviceSpec = configuration == null ? null : configuration.pci().deviceSpec();
    HostReport report;
    try {
      report = HostCheck.evaluate(HostReader.read(sysfs, procfs, devfs, libvirtUri, deviceSpec));
    } catch (InvalidValueException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--sysfs: " + e.getMessage(), e, null, sysfs.toString());
    }
    String what = sysfs + " and libvirt at " + libvirtUri;
    spec.commandLine().getOut().print(json ? ReportWriter.json(report) : ReportWriter.text(report, what));
    spec.commandLine().getOut().flush();
    return report.ready() ? 0 : NOT_READY;
  }
}
