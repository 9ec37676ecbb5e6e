package org.vdpacompute.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.host.LiveMigrationRequest;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.emulated.MigratingGuest;
import org.vdpacompute.virt.guest.GuestXmlBuilder;
import org.vdpacompute.virt.guest.Xml;

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
  public static final String ROOT = "/host/v1";
  /** OpenStack's request id header and logging key, as the controller's API uses them. */
  static final String REQUEST_ID_HEADER = "x-openstack-request-id";
  static final String REQUEST_ID_MDC_KEY = "request_id";
  private static final String TOKEN_HEADER = "X-Auth-Token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GuestXmlBuilder XML = new GuestXmlBuilder();

  private final Javalin app;

  private AgentServer(Javalin app) {
    this.app = app;
  }

  /** Starts listening on {@code host:port} (0: any free port). */
  public static AgentServer start(String host, int port, HostDriver driver, GuestSpecs specs,
      ControllerClient controller) {
    NicHotplug nics = new NicHotplug(driver.hotplug(), specs);
    GuestActions actions = new GuestActions(driver, specs, nics);
    LiveMigrations migrations = new LiveMigrations(driver, actions, nics);
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(JSON, false));
    });
    app.before(ctx -> {
      // The controller sends the id of the API request this call serves, so one id finds the log
      // lines of a request on the controller and on every agent it reached.
      String requestId = ctx.header(REQUEST_ID_HEADER);
      if (requestId != null && requestId.matches("req-[0-9a-f-]{36}")) MDC.put(REQUEST_ID_MDC_KEY, requestId);
    });
    app.after(ctx -> MDC.remove(REQUEST_ID_MDC_KEY));
    app.before(ROOT + "/*", ctx -> controller.requireServiceToken(ctx.header(TOKEN_HEADER)));
    app.get(ROOT + "/guests", ctx -> ctx.json(Map.of("guests",
        driver.guests().listGuests().stream().map(AgentServer::render).toList())));
    app.put(ROOT + "/guests/{uuid}", ctx -> {
      GuestBlueprint blueprint = RequestBodies.blueprint(ctx.body());
      ctx.status(201).json(render(actions.spawn(blueprintOf(uuid(ctx), blueprint))));
    });
    app.delete(ROOT + "/guests/{uuid}", ctx -> {
      try {
        driver.guests().destroy(uuid(ctx));
      } catch (GuestNotFoundException alreadyGone) {
        // Deleting twice is how a controller retries after losing the first answer.
      }
      ctx.status(204);
    });
    app.post(ROOT + "/guests/{uuid}/action", ctx -> {
      act(uuid(ctx), RequestBodies.action(ctx.body()), actions, migrations, ctx.header(TOKEN_HEADER));
      ctx.status(204);
    });
    // The destination's half of an emulated live migration (LiveMigrations on the source).
    app.post(ROOT + "/guest-xml", ctx -> ctx.json(Map.of("domainXml",
        XML.build(specs.of(RequestBodies.blueprint(ctx.body()))))));
    app.put(ROOT + "/guests/{uuid}/incoming", ctx -> {
      UUID uuid = uuid(ctx);
      MigratingGuest guest = RequestBodies.read(ctx.body(), MigratingGuest.class, "a migrating guest");
      if (!guest.uuid().equals(uuid)) {
        throw new InvalidValueException("the migrating guest is " + guest.uuid() + ", not " + uuid);
      }
      // Refused here, as the caller's mistake, rather than as the hypervisor's failure.
      Xml.parse(guest.domainXml(), "the incoming guest's domain XML");
      driver.requireEmulated("take a live guest from another host's agent").acceptIncoming(guest);
      ctx.status(204);
    });
    app.post(ROOT + "/faults", ctx -> {
      Fault fault = RequestBodies.read(ctx.body(), Fault.class, "a fault");
      driver.requireEmulated("arm failures").failNext(GuestOperation.fromApiName(fault.operation()), fault.reason());
      ctx.status(204);
    });
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
    switch (action.name()) {
      case "power" -> actions.power(uuid, GuestOperation.fromApiName(action.text()));
      case "suspend" -> actions.suspend(blueprintOf(uuid, action.value(GuestBlueprint.class, "a guest blueprint")));
      case "resume" -> actions.resume(blueprintOf(uuid, action.value(GuestBlueprint.class, "a guest blueprint")));
      case "attachInterface" -> actions.attach(uuid, action.value(GuestBlueprint.Nic.class, "a nic"));
      case "detachInterface" -> actions.detach(uuid, action.value(GuestBlueprint.Nic.class, "a nic"));
      case "liveMigrate" -> {
        LiveMigrationRequest request = action.value(LiveMigrationRequest.class, "a live migration request");
        blueprintOf(uuid, request.source());
        RequestBodies.agentUrl(request.destAgentUrl());
        migrations.migrate(request, token);
      }
      default -> throw new InvalidValueException("unknown action '" + action.name()
          + "'; expected power, suspend, resume, attachInterface, detachInterface or liveMigrate");
    }
  }

  /** What an emulated host is to fail next ({@link org.vdpacompute.virt.emulated.EmulatedHypervisor#failNext}). */
  record Fault(String operation, String reason) {
    Fault {
      if (operation == null || reason == null || reason.isBlank()) {
        throw new InvalidValueException("a fault needs an operation and a reason");
      }
    }
  }

  /** The blueprint, once it is of the guest the URL names. */
  private static GuestBlueprint blueprintOf(UUID uuid, GuestBlueprint blueprint) {
    if (!blueprint.uuid().equals(uuid.toString())) {
      throw new InvalidValueException("the blueprint is of guest " + blueprint.uuid() + ", not " + uuid);
    }
    return blueprint;
  }

  private static UUID uuid(Context ctx) {
    try {
      return UUID.fromString(ctx.pathParam("uuid"));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("'" + ctx.pathParam("uuid") + "' is not a server UUID");
    }
  }

  private static Map<String, Object> render(GuestInfo g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uuid", g.uuid().toString());
    m.put("name", g.name());
    m.put("state", g.state().name().toLowerCase(Locale.ROOT));
    return m;
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
