package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;
import org.vdpacompute.controller.workflows.Caller;
import org.vdpacompute.controller.workflows.ConsoleOutput;
import org.vdpacompute.controller.workflows.ServerActions;
import org.vdpacompute.core.InvalidValueException;

/**
 * {@code POST /servers/{id}/action}: one action per request, named by the body's only key. Moves
 * an operator decides (migrate, live-migrate, evacuate) are for administrators, as in Nova.
 */
public final class ServerActionsResource implements ComputeRoutes {
  private static final String PATH = ComputeApi.V21 + "/servers/{id}/action";

  private final ServerActions actions;
  private final ConsoleOutput console;

  public ServerActionsResource(ServerActions actions, ConsoleOutput console) {
    this.actions = actions;
    this.console = console;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.post(PATH, this::act, Access.to(Action.SERVER_ACTION));
  }

  private void act(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = JsonBodies.resource(ctx, null);
    if (body.size() != 1) {
      throw new InvalidValueException("the body of a server action names exactly one action, e.g. {\"os-stop\": null}");
    }
    Map.Entry<String, JsonNode> only = body.fields().next();
    String name = only.getKey();
    JsonNode args = only.getValue();
    String id = ctx.pathParam("id");
    Caller who = new Caller(token.project().id(), token.user().id(), token.isAdmin());
    int status = 202;
    switch (name) {
      case "os-getConsoleOutput" -> {
        Policy.authorize(token, Action.CONSOLE_OUTPUT, Target.ANY);
        // Nova's schema: an object, {} or {"length": N}.
        if (args == null || !args.isObject()) {
          throw new InvalidValueException("os-getConsoleOutput takes an object: {} or {\"length\": LINES}");
        }
        known(args, name, Set.of("length"));
        ctx.json(Map.of("output", console.of(id, who, length(args.get("length")))));
        return;
      }
      case "os-stop" -> actions.stop(id, who);
      case "os-start" -> actions.start(id, who);
      case "reboot" -> {
        known(args, name, Set.of("type"));
        String type = JsonBodies.text(args, "type");
        if (type == null || !(type.equalsIgnoreCase("SOFT") || type.equalsIgnoreCase("HARD"))) {
          throw new InvalidValueException("reboot 'type' must be SOFT or HARD");
        }
        actions.reboot(id, who, type.equalsIgnoreCase("HARD") ? ServerActions.RebootType.HARD : ServerActions.RebootType.SOFT);
      }
      case "os-resetState" -> {
        Policy.authorize(token, Action.SERVER_RESET_STATE, Target.ANY);
        actions.resetState(id, who, resetState(args));
      }
      case "suspend" -> actions.suspend(id, who);
      case "resume" -> actions.resume(id, who);
      case "shelve" -> actions.shelve(id, who);
      case "shelveOffload" -> actions.shelveOffload(id, who);
      case "unshelve" -> {
        known(args, name, Set.of("availability_zone"));
        String zone = args == null || args.isNull() ? null : JsonBodies.text(args, "availability_zone");
        if (zone != null && !zone.equals("nova")) {
          throw new InvalidValueException("Availability zone '" + JsonBodies.shown(zone) + "' is invalid: the only zone is 'nova'");
        }
        actions.unshelve(id, who);
      }
      case "migrate" -> {
        Policy.authorize(token, Action.SERVER_MIGRATE, Target.ANY);
        known(args, name, Set.of("host"));
        String host = args == null || args.isNull() ? null : JsonBodies.text(args, "host");
        if (host != null && !ComputeApi.of(ctx).isAtLeast(2, 56)) {
          throw new InvalidValueException("a migrate 'host' needs microversion 2.56 or later");
        }
        actions.migrate(id, who, host);
      }
      case "resize" -> {
        known(args, name, Set.of("flavorRef", "OS-DCF:diskConfig"));
        String flavor = args == null ? null : JsonBodies.text(args, "flavorRef");
        String diskConfig = args == null ? null : JsonBodies.text(args, "OS-DCF:diskConfig");
        if (diskConfig != null && !diskConfig.equals("AUTO") && !diskConfig.equals("MANUAL")) {
          throw new InvalidValueException("'OS-DCF:diskConfig' must be AUTO or MANUAL, not " + JsonBodies.shown(diskConfig));
        }
        if (flavor == null) throw new InvalidValueException("resize needs a 'flavorRef'");
        actions.resize(id, who, flavor);
      }
      case "confirmResize" -> {
        actions.confirmResize(id, who);
        status = 204;
      }
      case "revertResize" -> actions.revertResize(id, who);
      case "os-migrateLive" -> {
        Policy.authorize(token, Action.SERVER_LIVE_MIGRATE, Target.ANY);
        known(args, name, Set.of("host", "block_migration", "disk_over_commit", "force"));
        JsonNode block = args == null ? null : args.get("block_migration");
        if (block == null || !(block.isBoolean() || (block.isTextual() && block.asText().equals("auto")))) {
          throw new InvalidValueException("os-migrateLive needs 'block_migration': true, false or \"auto\", not "
              + (block == null ? "nothing" : JsonBodies.shown(block)));
        }
        JsonBodies.bool(args, "disk_over_commit");
        JsonBodies.bool(args, "force");
        actions.liveMigrate(id, who, JsonBodies.text(args, "host"));
      }
      case "evacuate" -> {
        Policy.authorize(token, Action.SERVER_EVACUATE, Target.ANY);
        known(args, name, Set.of("host", "adminPass", "onSharedStorage", "force"));
        if (args != null && !args.isNull()) {
          JsonBodies.text(args, "adminPass");
          JsonBodies.bool(args, "onSharedStorage");
          JsonBodies.bool(args, "force");
        }
        actions.evacuate(id, who, args == null ? null : JsonBodies.text(args, "host"));
        status = 200;
      }
      default -> throw new InvalidValueException("Unsupported server action '" + name + "'");
    }
    ctx.status(status);
    if (status == 200) ctx.json(Map.of());
  }

  /** Nova's reset_state schema: {@code {"state": "active" | "error"}}, nothing else. */
  private static VmState resetState(JsonNode args) {
    if (args == null || !args.isObject()) {
      throw new InvalidValueException("os-resetState needs an object with a 'state' of \"active\" or \"error\"");
    }
    known(args, "os-resetState", Set.of("state"));
    String state = JsonBodies.text(args, "state");
    if ("active".equals(state)) return VmState.ACTIVE;
    if ("error".equals(state)) return VmState.ERROR;
    throw new InvalidValueException("os-resetState 'state' must be \"active\" or \"error\", not "
        + (state == null ? "nothing" : JsonBodies.shown(state)));
  }

  /** os-getConsoleOutput's {@code length}: lines from the end, an integer (or its text) of -1 or more; null for all. */
  private static Integer length(JsonNode length) {
    if (length == null || length.isNull()) return null;
    String text = length.isIntegralNumber() ? length.asText() : length.isTextual() ? length.asText() : null;
    if (text == null || !text.matches("-?[0-9]{1,9}") || Integer.parseInt(text) < -1) {
      throw new InvalidValueException("os-getConsoleOutput 'length' must be an integer of -1 or more, not "
          + JsonBodies.shown(length));
    }
    return Integer.parseInt(text);
  }

  private static void known(JsonNode args, String action, Set<String> fields) {
    if (args == null || args.isNull()) return;
    if (!args.isObject()) throw new InvalidValueException("the arguments of '" + action + "' must be an object or null");
    for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) throw new InvalidValueException("Unrecognized attribute '" + f + "' for " + action);
    }
  }
}
