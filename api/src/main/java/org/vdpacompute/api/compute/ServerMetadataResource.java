package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.workflows.Caller;
import org.vdpacompute.controller.workflows.ServerMetadata;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code /servers/{id}/metadata}: a server's metadata, read by its project's readers, changed by its
 * members, as Nova's server metadata API.
 */
public final class ServerMetadataResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/servers/{id}/metadata";

  private final ServerMetadata metadata;

  public ServerMetadataResource(ServerMetadata metadata) {
    this.metadata = metadata;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("metadata", metadata.of(ctx.pathParam("id"), caller(ctx)))),
        Access.to(Action.SERVER_METADATA_READ));
    app.post(BASE, ctx -> ctx.json(Map.of("metadata", metadata.update(ctx.pathParam("id"), caller(ctx), items(ctx)))),
        Access.to(Action.SERVER_METADATA_WRITE));
    app.put(BASE, ctx -> ctx.json(Map.of("metadata", metadata.replace(ctx.pathParam("id"), caller(ctx), items(ctx)))),
        Access.to(Action.SERVER_METADATA_WRITE));
    app.get(BASE + "/{key}", ctx -> {
      String key = ctx.pathParam("key");
      String value = metadata.of(ctx.pathParam("id"), caller(ctx)).get(key);
      if (value == null) throw new NotFoundException("Metadata item was not found");
      ctx.json(Map.of("meta", Map.of(key, value)));
    }, Access.to(Action.SERVER_METADATA_READ));
    app.put(BASE + "/{key}", ctx -> {
      String key = ctx.pathParam("key");
      JsonNode meta = JsonBodies.resource(ctx, "meta");
      Map<String, String> item = NovaParameters.metadata(meta, "meta");
      if (item.size() != 1) throw new InvalidValueException("Request body contains too many items");
      if (!item.containsKey(key)) throw new InvalidValueException("Request body and URI mismatch");
      metadata.update(ctx.pathParam("id"), caller(ctx), item);
      ctx.json(Map.of("meta", item));
    }, Access.to(Action.SERVER_METADATA_WRITE));
    app.delete(BASE + "/{key}", ctx -> {
      metadata.delete(ctx.pathParam("id"), caller(ctx), ctx.pathParam("key"));
      ctx.status(204);
    }, Access.to(Action.SERVER_METADATA_DELETE));
  }

  private static Map<String, String> items(Context ctx) {
    return NovaParameters.metadata(JsonBodies.resource(ctx, "metadata"), "metadata");
  }

  private static Caller caller(Context ctx) {
    Token token = ApiServer.token(ctx);
    return new Caller(token.project().id(), token.user().id(), token.isAdmin());
  }
}
