package org.vdpacompute.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.GuestAction;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.GuestRunState;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.agent.protocol.LiveMigrationRequest;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.guest.GuestXmlBuilder;

/**
 * The agent's own listener ({@code [compute] listen}): where the controller, with its service
 * token, has this host's guests spawned, powered, suspended, given and relieved of ports, migrated
 * and destroyed, sending {@link GuestBlueprint}s that {@link GuestSpecs} turns into this host's
 * guest definitions. The agent checks each token with the controller's identity service, so nothing
 * else on the network can command a hypervisor. The routes and their bodies are in the agent's
 * README.
 */
public final class AgentServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
  private static final String ROOT = AgentPaths.ROOT;
  private static final ObjectMapper JSON = AgentJson.mapper();
  private static final GuestXmlBuilder XML = new GuestXmlBuilder();

  private final Javalin app;

  private AgentServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts listening on {@code host:port} (0: any free port).
   *
   * @param ports the host's representors in the offloaded switch, plugged and unplugged as guests
   *     get and lose their ports
   */
  public static AgentServer start(String host, int port, HostDriver driver, GuestSpecs specs, HostSwitch ports,
      ControllerClient controller) {
    NicHotplug nics = new NicHotplug(driver.parts().hotplug(), specs);
    GuestActions actions = new GuestActions(driver, specs, nics, ports);
    LiveMigrations migrations = new LiveMigrations(driver, actions, nics, ports);
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(JSON, false));
    });
    app.before(ctx -> {
      // The controller sends the id of the API request this call serves, so one id finds the log
      // lines of a request on the controller and on every agent it reached.
      String requestId = ctx.header(AgentPaths.REQUEST_ID_HEADER);
      if (requestId != null && requestId.matches("req-[0-9a-f-]{36}")) MDC.put(AgentPaths.REQUEST_ID_MDC_KEY, requestId);
      MDC.put(HostLogging.MDC_KEY, driver.hostname());
    });
    app.after(ctx -> {
      MDC.remove(AgentPaths.REQUEST_ID_MDC_KEY);
      MDC.remove(HostLogging.MDC_KEY);
    });
    app.before(ROOT + "/*", ctx -> controller.requireServiceToken(ctx.header(AgentPaths.TOKEN_HEADER)));
    app.get(AgentPaths.GUESTS, ctx -> ctx.json(Map.of("guests",
        driver.parts().guests().listGuests().stream().map(AgentServer::summary).toList())));
    app.put(AgentPaths.GUEST_PATTERN, ctx -> {
      GuestBlueprint blueprint = RequestBodies.read(ctx.body(), GuestBlueprint.class, "a guest blueprint");
      ctx.status(201).json(summary(actions.spawn(blueprintOf(uuid(ctx), blueprint))));
    });
    app.delete(AgentPaths.GUEST_PATTERN, ctx -> {
      actions.destroy(uuid(ctx));
      ctx.status(204);
    });
    // The destination's half of a live migration (LiveMigrations on the source): the arriving guest's ports.
    app.put(AgentPaths.PORTS_PATTERN, ctx -> {
      actions.expect(blueprintOf(uuid(ctx), RequestBodies.read(ctx.body(), GuestBlueprint.class, "a guest blueprint")));
      ctx.status(204);
    });
    app.delete(AgentPaths.PORTS_PATTERN, ctx -> {
      actions.notArriving(uuid(ctx));
      ctx.status(204);
    });
    app.get(AgentPaths.CONSOLE_PATTERN, ctx -> ctx.json(Map.of("output",
        driver.parts().guests().consoleLog(uuid(ctx)))));
    app.post(AgentPaths.ACTION_PATTERN, ctx -> {
      act(uuid(ctx), RequestBodies.action(ctx.body()), actions, migrations, ctx.header(AgentPaths.TOKEN_HEADER));
      ctx.status(204);
    });
    // The destination's half of a live migration (LiveMigrations on the source): its domain by this host's rules.
    app.post(AgentPaths.GUEST_XML, ctx -> ctx.json(Map.of("domainXml",
        XML.build(specs.of(RequestBodies.read(ctx.body(), GuestBlueprint.class, "a guest blueprint"))))));
    driver.routes().addTo(app);
    app.exception(VdpaComputeException.class, (e, ctx) -> fail(ctx, e.category().httpStatus(), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      // Not one of ours: a fault in this agent. The controller records the answer as the failure.
      LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
      fail(ctx, 500, Failures.describe(e));
    });
    app.start(host, port);
    return new AgentServer(app);
  }

  private static void act(UUID uuid, RequestBodies.Action action, GuestActions actions, LiveMigrations migrations,
      String token) {
    GuestAction name = GuestAction.fromApiName(action.name());
    Object argument = action.value(name);
    switch (name) {
      case POWER -> actions.power(uuid, (PowerAction) argument);
      case SUSPEND -> actions.suspend(blueprintOf(uuid, (GuestBlueprint) argument));
      case RESUME -> actions.resume(blueprintOf(uuid, (GuestBlueprint) argument));
      case ATTACH_INTERFACE -> actions.attach(uuid, (GuestBlueprint.Nic) argument);
      case DETACH_INTERFACE -> actions.detach(uuid, (GuestBlueprint.Nic) argument);
      case LIVE_MIGRATE -> {
        LiveMigrationRequest request = (LiveMigrationRequest) argument;
        blueprintOf(uuid, request.source());
        migrations.migrate(request, token);
      }
    }
  }

  /** The blueprint, once it is of the guest the URL names. */
  private static GuestBlueprint blueprintOf(UUID uuid, GuestBlueprint blueprint) {
    if (!blueprint.uuid().equals(uuid)) {
      throw new InvalidValueException("the blueprint is of guest " + blueprint.uuid() + ", not " + uuid);
    }
    return blueprint;
  }

  static UUID uuid(Context ctx) {
    try {
      return UUID.fromString(ctx.pathParam("uuid"));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("'" + ctx.pathParam("uuid") + "' is not a server UUID");
    }
  }

  private static GuestSummary summary(GuestInfo g) {
    GuestRunState state = switch (g.state()) {
      case RUNNING -> GuestRunState.RUNNING;
      case PAUSED -> GuestRunState.PAUSED;
      case SHUTOFF -> GuestRunState.SHUTOFF;
      case SAVED -> GuestRunState.SAVED;
      case BROKEN -> GuestRunState.BROKEN;
    };
    return new GuestSummary(g.uuid(), g.name(), state, g.problem());
  }

  private static void fail(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", Map.of("code", status, "message", message == null ? "no reason given" : message)));
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
