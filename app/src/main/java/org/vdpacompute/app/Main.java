package org.vdpacompute.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.ControllerClient;
import org.vdpacompute.agent.HostLogging;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.EmulatedSwitch;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.ConfigException;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.app.startup.StartRefusedException;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.ovs.OvsdbEndpoint;
import org.vdpacompute.store.DatabaseUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one entry point: {@code vdpa-compute COMMAND [OPTIONS]}. */
@Command(
    name = "vdpa-compute",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A compute control plane for virtual machines with vDPA and SR-IOV network ports.",
    subcommands = {Main.AllInOne.class, Main.Controller.class, Main.Compute.class, HostCheckCommand.class})
public final class Main implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** Exit status of a bad command line or configuration, as the contract fixes it. */
  static final int BAD_USAGE = CommandLine.ExitCode.USAGE;


  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(Main::handle)
        .execute(args);
  }

  /**
   * What a command finds wrong at start is the operator's to fix, like a bad option: one line, no
   * stack trace; exit status 2 for a bad configuration (a file, a topology) or what stops the start
   * before anything is written (an address in use, a state directory in use), 1 for what cannot be
   * reached (the database, the controller). Anything else is a fault of ours, with its stack trace.
   */
  private static int handle(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) throws Exception {
    int status;
    if (e instanceof InvalidValueException || e instanceof StartRefusedException) {
      status = BAD_USAGE;
    } else if (e instanceof ControllerClient.ControllerCallException || e instanceof DatabaseUnavailableException
        || e instanceof VdpaComputeException v && v.category() == ErrorCategory.UNAVAILABLE) {
      status = CommandLine.ExitCode.SOFTWARE;
    } else {
      throw e;
    }
    commandLine.getErr().println("vdpa-compute: " + e.getMessage());
    commandLine.getErr().flush();
    return status;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: one of all-in-one, controller, compute, host-check");
  }

  /** Runs until the process is told to stop (Ctrl-C, SIGTERM), then closes cleanly. */
  private static int serveUntilStopped(AutoCloseable server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("vdpa-compute: error while stopping: " + e.getMessage());
      }
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }


  /** {@code --debug}, on every command that runs. */
  static final class DebugOption {
    @Option(names = "--debug", description = "Log at the debug level (as [DEFAULT] debug = true does).")
    boolean debug;

    /** Sets the level once the configuration, which may ask for debug too, is read. */
    void apply(Configuration configuration) {
      if (debug || configuration != null && configuration.defaults().debug()) {
        Logging.debug();
      }
      if (configuration != null) {
        LOG.debug("configuration {}", configuration);
      }
    }
  }

  @Command(name = "all-in-one", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Controller plus emulated compute hosts in one process, on an embedded database.")
  static final class AllInOne implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin DebugOption logging;

    @Option(names = "--data-dir", defaultValue = "./data", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8774", description = "API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--hosts", defaultValue = "2", description = "Number of emulated compute hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--topology", description = "Topology JSON for every emulated host (default: the reference host).")
    Path topology;

    @CommandLine.ArgGroup(exclusive = true)
    SwitchOptions offloadedSwitch;

    /** Where the emulated hosts plug their VF representors, if anywhere. */
    static final class SwitchOptions {
      @Option(names = "--ovsdb", paramLabel = "unix:PATH|tcp:HOST:PORT",
          description = "Plug the emulated hosts' representors into the Open vSwitch database server there,"
              + " a bridge br-int-compute-N each.")
      String ovsdb;

      @Option(names = "--with-ovsdb",
          description = "Start ovsdb-server (Debian: openvswitch-common) on DIR/ovsdb/conf.db for the emulated hosts'"
              + " representors, a bridge br-int-compute-N each.")
      boolean withOvsdb;

      EmulatedSwitch choice(CommandLine commandLine) {
        if (withOvsdb) return EmulatedSwitch.STARTED;
        try {
          return new EmulatedSwitch.Running(OvsdbEndpoint.parse(ovsdb));
        } catch (InvalidValueException e) {
          throw new CommandLine.ParameterException(commandLine, "--ovsdb '" + ovsdb + "' " + e.getMessage());
        }
      }
    }

    @Override
    public Integer call() throws InterruptedException {
      if (port < 0 || port > 65535) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + ": not between 0 and 65535");
      }
      if (hosts < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--hosts " + hosts + ": not 0 or more");
      }
      EmulatedSwitch choice = offloadedSwitch == null ? EmulatedSwitch.NONE : offloadedSwitch.choice(spec.commandLine());
      logging.apply(null);
      AllInOneCloud cloud = AllInOneCloud.start(dataDir, port, hosts, topology, choice);
      System.out.println(cloud.usage());
      return serveUntilStopped(cloud);
    }
  }

  @Command(name = "controller", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "The control plane: identity, compute, networking and image APIs, scheduler, database.")
  static final class Controller implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Configuration file (INI).")
    Path config;

    @CommandLine.Mixin DebugOption logging;

    @Override
    public Integer call() throws InterruptedException {
      Configuration configuration = Configuration.load(config).requireForController();
      logging.apply(configuration);
      return serveUntilStopped(ControllerServer.start(configuration));
    }
  }

  @Command(name = "compute", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "One compute agent for one hypervisor host (driver emulated or libvirt).")
  static final class Compute implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Configuration file (INI).")
    Path config;

    @CommandLine.Mixin DebugOption logging;

    @Override
    public Integer call() throws InterruptedException {
      Configuration configuration = Configuration.load(config).requireForCompute();
      // The configuration's line names the host, as every other line of this agent.
      ComputeProcess process = HostLogging.call(configuration.defaults().host(), () -> {
        logging.apply(configuration);
        return ComputeProcess.start(configuration);
      });
      return serveUntilStopped(process);
    }
  }
}
