package org.vdpacompute.store.image;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;
import org.vdpacompute.controller.image.ContainerFormat;
import org.vdpacompute.controller.image.DiskFormat;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageQuery;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.image.ImageStore;
import org.vdpacompute.controller.image.Visibility;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.Database;

/**
 * Images' metadata in the database: one row per image, one per additional property. Reads join
 * the two, so that a list of images with their properties is one query.
 */
public final class JdbcImageStore implements ImageStore {
  private static final String SELECT = "SELECT i.id, i.name, i.status, i.visibility, i.owner_project, i.disk_format,"
      + " i.container_format, i.size_bytes, i.checksum, i.os_hash_algo, i.os_hash_value, i.min_disk, i.min_ram,"
      + " i.is_protected, i.created_at, i.updated_at, p.prop_name, p.prop_value"
      + " FROM images i LEFT JOIN image_properties p ON p.image_id = i.id";
  private static final String NEWEST_FIRST = " ORDER BY i.created_at DESC, i.id DESC, p.prop_name";

  private final Database db;

  public JdbcImageStore(Database db) {
    this.db = db;
  }

  @Override
  public void insert(Image image) {
    db.useTransaction(h -> {
      // Checked in the same serializable transaction: of two inserts of one id, the loser is run
      // again and finds the winner's row here.
      if (h.createQuery("SELECT COUNT(*) FROM images WHERE id = :id").bind("id", image.id()).mapTo(Integer.class).one() > 0) {
        throw new ConflictException("Image with identifier " + image.id() + " already exists!");
      }
      bindColumns(h.createUpdate("INSERT INTO images (id, name, status, visibility, owner_project, disk_format,"
          + " container_format, size_bytes, checksum, os_hash_algo, os_hash_value, min_disk, min_ram, is_protected,"
          + " created_at, updated_at) VALUES (:id, :name, :status, :visibility, :owner, :disk, :container, :size,"
          + " :checksum, :algo, :hash, :min_disk, :min_ram, :protected, :created, :updated)"), image).execute();
      insertProperties(h, image);
    });
  }

  @Override
  public Optional<Image> image(String id) {
    return db.inTransaction(h -> read(h, SELECT + " WHERE i.id = :id" + NEWEST_FIRST, Map.of("id", id)))
        .stream().findFirst();
  }

  @Override
  public List<Image> images(ImageQuery q) {
    List<String> where = new ArrayList<>();
    Map<String, Object> binds = new HashMap<>();
    if (q.name() != null) {
      where.add("i.name = :name");
      binds.put("name", q.name());
    }
    if (q.status() != null) {
      where.add("i.status = :status");
      binds.put("status", q.status().apiName());
    }
    if (q.visibility() != null) {
      where.add("i.visibility = :visibility");
      binds.put("visibility", q.visibility().apiName());
    }
    if (q.viewerProject() != null && (q.visibility() == null || !q.visibility().openToAll())) {
      binds.put("viewer", q.viewerProject());
      if (q.visibility() == null) {
        where.add("(i.visibility = :public OR i.owner_project = :viewer)");
        binds.put("public", Visibility.PUBLIC.apiName());
      } else {
        where.add("i.owner_project = :viewer");
      }
    }
    String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + NEWEST_FIRST;
    return db.inTransaction(h -> read(h, sql, binds));
  }

  @Override
  public boolean update(Image image, ImageStatus expected) {
    return db.inTransaction(h -> {
      int updated = bindColumns(h.createUpdate("UPDATE images SET name = :name, status = :status,"
          + " visibility = :visibility, owner_project = :owner, disk_format = :disk, container_format = :container,"
          + " size_bytes = :size, checksum = :checksum, os_hash_algo = :algo, os_hash_value = :hash,"
          + " min_disk = :min_disk, min_ram = :min_ram, is_protected = :protected, created_at = :created,"
          + " updated_at = :updated WHERE id = :id AND status = :expected"), image)
          .bind("expected", expected.apiName()).execute();
      if (updated == 0) return false;
      h.createUpdate("DELETE FROM image_properties WHERE image_id = :id").bind("id", image.id()).execute();
      insertProperties(h, image);
      return true;
    });
  }

  @Override
  public boolean delete(String id) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM images WHERE id = :id").bind("id", id).execute()) > 0;
  }

  private static Update bindColumns(Update u, Image i) {
    return u.bind("id", i.id()).bind("name", i.name()).bind("status", i.status().apiName())
        .bind("visibility", i.visibility().apiName()).bind("owner", i.owner())
        .bind("disk", i.diskFormat() == null ? null : i.diskFormat().apiName())
        .bind("container", i.containerFormat() == null ? null : i.containerFormat().apiName())
        .bind("size", i.size()).bind("checksum", i.checksum()).bind("algo", i.osHashAlgo()).bind("hash", i.osHashValue())
        .bind("min_disk", i.minDisk()).bind("min_ram", i.minRam()).bind("protected", i.isProtected())
        .bind("created", i.createdAt()).bind("updated", i.updatedAt());
  }

  private static void insertProperties(Handle h, Image image) {
    if (image.properties().isEmpty()) return;
    PreparedBatch batch = h.prepareBatch("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:id, :n, :v)");
    image.properties().forEach((name, value) -> batch.bind("id", image.id()).bind("n", name).bind("v", value).add());
    batch.execute();
  }

  /** Runs a select of {@link #SELECT}, folding each image's property rows into the image. */
  private static List<Image> read(Handle h, String sql, Map<String, ?> binds) {
    Map<String, Image> images = new LinkedHashMap<>();
    Map<String, Map<String, String>> properties = new HashMap<>();
    for (Row row : h.createQuery(sql).bindMap(binds).map((rs, ctx) -> row(rs)).list()) {
      images.putIfAbsent(row.image().id(), row.image());
      Map<String, String> own = properties.computeIfAbsent(row.image().id(), id -> new LinkedHashMap<>());
      if (row.propertyName() != null) own.put(row.propertyName(), row.propertyValue());
    }
    List<Image> result = new ArrayList<>(images.size());
    for (Image i : images.values()) result.add(withProperties(i, properties.get(i.id())));
    return result;
  }

  private record Row(Image image, String propertyName, String propertyValue) {}

  private static Row row(ResultSet rs) throws SQLException {
    String disk = rs.getString("disk_format");
    String container = rs.getString("container_format");
    Image image = new Image(rs.getString("id"), rs.getString("name"), ImageStatus.fromApiName(rs.getString("status")),
        Visibility.fromApiName(rs.getString("visibility")), rs.getString("owner_project"),
        disk == null ? null : DiskFormat.fromApiName(disk), container == null ? null : ContainerFormat.fromApiName(container),
        rs.getObject("size_bytes", Long.class), rs.getString("checksum"), rs.getString("os_hash_algo"),
        rs.getString("os_hash_value"), rs.getInt("min_disk"), rs.getInt("min_ram"), rs.getBoolean("is_protected"),
        Map.of(), instant(rs, "created_at"), instant(rs, "updated_at"));
    return new Row(image, rs.getString("prop_name"), rs.getString("prop_value"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static Image withProperties(Image i, Map<String, String> properties) {
    return new Image(i.id(), i.name(), i.status(), i.visibility(), i.owner(), i.diskFormat(), i.containerFormat(), i.size(),
        i.checksum(), i.osHashAlgo(), i.osHashValue(), i.minDisk(), i.minRam(), i.isProtected(), properties,
        i.createdAt(), i.updatedAt());
  }
}
