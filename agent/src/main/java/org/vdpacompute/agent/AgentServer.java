package org.vdpacompute.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.guest.GuestXmlBuilder;

/**
 * The agent's own listener ({@code [compute] listen}): where the controller, with its service
 * token, asks this host to start and destroy guests, sending a
 * {@link GuestBlueprint} that {@link GuestSpecs} turns into this host's guest definition. The agent checks each token with the
 * controller's identity service, so nothing else on the network can command a hypervisor.
 */
public final class AgentServer implements AutoCloseable {
  public static final String ROOT = "/host/v1";
  /** OpenStack's request id header and logging key, as the controller's API uses them. */
  static final String REQUEST_ID_HEADER = "x-openstack-request-id";
  static final String REQUEST_ID_MDC_KEY = "request_id";
  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GuestXmlBuilder XML = new GuestXmlBuilder();

  private final Javalin app;

  private AgentServer(Javalin app) {
    this.app = app;
  }

  /** Starts listening on {@code host:port} (0: any free port). */
  public static AgentServer start(String host, int port, GuestLifecycle guests, GuestSpecs specs,
      ControllerClient controller) {
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
    app.before(ROOT + "/*", ctx -> controller.requireServiceToken(ctx.header("X-Auth-Token")));
    app.get(ROOT + "/guests", ctx -> ctx.json(Map.of("guests", guests.listGuests().stream().map(AgentServer::render).toList())));
    app.put(ROOT + "/guests/{uuid}", ctx -> {
      UUID uuid = uuid(ctx);
      GuestBlueprint blueprint = blueprint(ctx);
      if (!blueprint.uuid().equals(uuid.toString())) {
        throw new InvalidValueException("the blueprint is of guest " + blueprint.uuid() + ", not " + uuid);
      }
      LOG.info("starting guest {} ({} ports)", uuid, blueprint.nics().size());
      guests.defineAndStart(uuid, XML.build(specs.of(blueprint)));
      ctx.status(201).json(render(guests.guest(uuid)));
    });
    app.delete(ROOT + "/guests/{uuid}", ctx -> {
      try {
        guests.destroy(uuid(ctx));
      } catch (GuestNotFoundException alreadyGone) {
        // Deleting twice is how a controller retries after losing the first answer.
      }
      ctx.status(204);
    });
    app.exception(VdpaComputeException.class, (e, ctx) -> fail(ctx, e.category().httpStatus(), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> fail(ctx, 500, e.getMessage()));
    app.start(host, port);
    return new AgentServer(app);
  }

  private static GuestBlueprint blueprint(Context ctx) {
    try {
      return JSON.readValue(ctx.body(), GuestBlueprint.class);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("the body is not a guest blueprint: " + e.getOriginalMessage());
    }
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
    m.put("state", g.state().name().toLowerCase(java.util.Locale.ROOT));
    return m;
  }

  private static void fail(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", Map.of("code", status, "message", message == null ? "" : message)));
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
