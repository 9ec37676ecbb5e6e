package org.vdpacompute.api.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageAttribute;
import org.vdpacompute.controller.image.ImageChange;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.image.Visibility;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.core.ForbiddenException;
import org.vdpacompute.core.InvalidValueException;

/**
 * Image v2, the part of Glance the openstack CLI and SDKs use to create, upload, list, show,
 * download and delete images. A project sees public images and its own; another project's private
 * image is not found, as in Glance. Data goes in and out as a stream, never whole in memory.
 */
public final class ImageApi implements ServiceApi {
  static final String ROOT = "/image";
  static final String V2 = ROOT + "/v2";
  /** Glance's links in documents are relative to the service root: {@code /v2/images/ID}. */
  static final String LINK_ROOT = "/v2";
  private static final Set<String> WRITABLE = Set.of("id", "name", "visibility", "protected", "owner", "disk_format",
      "container_format", "min_disk", "min_ram", "tags");
  private static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum", "os_hash_algo",
      "os_hash_value", "created_at", "updated_at", "self", "file", "schema", "locations", "direct_url");
  /** Where clients keep properties of their own; openstacksdk writes its md5, sha256 and object there. */
  private static final String OWNER_SPECIFIED = "owner_specified.";
  private static final String OCTET_STREAM = "application/octet-stream";

  private final ImageService images;

  public ImageApi(ImageService images) {
    this.images = images;
  }

  @Override
  public String prefix() {
    return ROOT;
  }

  @Override
  public String openStackApi() {
    return "image";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.IDENTITY;
  }

  @Override
  public void addRoutes(Javalin app) {
    // Version discovery needs no token.
    app.get(ROOT, ctx -> ctx.status(300).json(ImageVersions.document(catalog(ctx))), Access.PUBLIC);
    app.get(ROOT + "/versions", ctx -> ctx.json(ImageVersions.document(catalog(ctx))), Access.PUBLIC);
    Access read = Access.to(Action.IMAGE_READ);
    app.get(V2 + "/images", ctx -> ctx.json(ImageList.page(ctx, images, viewer(ApiServer.token(ctx)))), read);
    app.post(V2 + "/images", this::create, Access.to(Action.IMAGE_WRITE));
    app.get(V2 + "/images/{id}", ctx -> ctx.json(ImageViews.image(visible(ctx))), read);
    app.delete(V2 + "/images/{id}", ctx -> {
      Image image = visible(ctx);
      Policy.authorize(ApiServer.token(ctx), Action.IMAGE_DELETE, image.owner());
      images.delete(image.id());
      ctx.status(204);
    }, Access.to(Action.IMAGE_DELETE));
    app.patch(V2 + "/images/{id}", this::update, Access.to(Action.IMAGE_UPDATE));
    app.put(V2 + "/images/{id}/file", this::upload, Access.to(Action.IMAGE_UPLOAD));
    app.get(V2 + "/images/{id}/file", this::download, read);
    app.get(V2 + "/schemas/image", ctx -> ctx.json(ImageSchemas.image()), read);
    app.get(V2 + "/schemas/images", ctx -> ctx.json(ImageSchemas.images()), read);
  }

  private ServiceCatalog catalog(Context ctx) {
    return ServiceCatalog.of(ctx);
  }

  private void create(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = JsonBodies.tree(ctx);
    if (!body.isObject()) throw new InvalidValueException("the request body must be a JSON object of image attributes");
    Map<String, String> properties = properties(body);
    Set<String> known = new HashSet<>(WRITABLE);
    known.addAll(properties.keySet());
    JsonBodies.onlyKnown(body, "image", known);
    String owner = Optional.ofNullable(JsonBodies.text(body, "owner")).orElse(token.project().id());
    Policy.authorize(token, Action.IMAGE_WRITE, owner);
    String visibility = JsonBodies.text(body, "visibility");
    if (Visibility.PUBLIC.apiName().equals(visibility)) Policy.authorize(token, Action.IMAGE_PUBLICIZE, owner);
    JsonNode tags = body.get("tags");
    if (tags != null && !(tags.isArray() && tags.isEmpty())) {
      throw new InvalidValueException("image tags are not supported; create the image without 'tags'");
    }
    Image image = images.create(new ImageService.ImageRequest(JsonBodies.text(body, "id"), JsonBodies.text(body, "name"),
        owner, visibility, JsonBodies.text(body, "disk_format"), JsonBodies.text(body, "container_format"),
        JsonBodies.integer(body, "min_disk"), JsonBodies.integer(body, "min_ram"), JsonBodies.bool(body, "protected"),
        properties));
    ctx.status(201).header("Location", catalog(ctx).url(V2 + "/images/" + image.id())).json(ImageViews.image(image));
  }

  /** {@code openstack image set}: a JSON patch of the image's attributes and properties. */
  private void update(Context ctx) {
    Token token = ApiServer.token(ctx);
    Image image = visible(ctx);
    Policy.authorize(token, Action.IMAGE_UPDATE, image.owner());
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
    if (!ImagePatch.MEDIA_TYPES.contains(type)) {
      throw new InvalidValueException("an image update is sent as application/openstack-images-v2.1-json-patch,"
          + " not " + (type.isEmpty() ? "no type" : JsonBodies.shown(type)));
    }
    List<ImageChange> changes = ImagePatch.changes(JsonBodies.tree(ctx), READ_ONLY);
    boolean publicizes = changes.stream().anyMatch(c -> c.attribute() == ImageAttribute.VISIBILITY
        && Visibility.PUBLIC.apiName().equals(c.value()));
    if (publicizes) Policy.authorize(token, Action.IMAGE_PUBLICIZE, image.owner());
    ctx.json(ImageViews.image(images.update(image.id(), viewer(token), changes)));
  }

  /** The additional properties of a create: strings in the owner-specified namespace; read-only attributes are refused. */
  private static Map<String, String> properties(JsonNode body) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (READ_ONLY.contains(f.getKey())) throw new ForbiddenException("Attribute '" + f.getKey() + "' is read-only.");
      if (!f.getKey().startsWith(OWNER_SPECIFIED)) continue;
      if (!f.getValue().isTextual()) {
        throw new InvalidValueException("property '" + f.getKey() + "' must be a string, not " + f.getValue());
      }
      properties.put(f.getKey(), f.getValue().asText());
    }
    return properties;
  }

  private void upload(Context ctx) throws IOException {
    Image image = visible(ctx);
    Policy.authorize(ApiServer.token(ctx), Action.IMAGE_UPLOAD, image.owner());
    String type = ctx.contentType();
    if (type == null || !type.startsWith(OCTET_STREAM)) {
      throw new InvalidValueException("image data must be sent as " + OCTET_STREAM + ", not " + type);
    }
    try (InputStream data = ctx.bodyInputStream()) {
      images.upload(image.id(), data);
    }
    ctx.status(204);
  }

  /**
   * Streams the data to the client with its length and, as Glance does, its MD5 in
   * {@code Content-MD5}, which clients check the download against. Written straight to the
   * servlet response so that nothing buffers or re-encodes it on the way.
   */
  private void download(Context ctx) throws IOException {
    Image image = visible(ctx);
    if (image.status() != ImageStatus.ACTIVE) {
      ctx.status(204); // Glance's answer for an image without data
      return;
    }
    try (InputStream in = images.data(image.id())) {
      ctx.res().setStatus(200);
      // Not text: no charset (the listener's default one would otherwise be appended).
      ctx.res().setCharacterEncoding(null);
      ctx.res().setContentType(OCTET_STREAM);
      ctx.res().setContentLengthLong(image.size());
      ctx.res().setHeader("Content-MD5", image.checksum());
      OutputStream out = ctx.res().getOutputStream();
      in.transferTo(out);
      out.flush();
    }
  }

  private Image visible(Context ctx) {
    Token token = ApiServer.token(ctx);
    return images.image(ctx.pathParam("id"), viewer(token));
  }

  /** The project whose view applies; null for an administrator, who sees every image. */
  static String viewer(Token token) {
    return token.isAdmin() ? null : token.project().id();
  }
}
