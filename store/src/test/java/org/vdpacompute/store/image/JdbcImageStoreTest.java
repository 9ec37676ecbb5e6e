package org.vdpacompute.store.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.controller.identity.MutableClock;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageFiles;
import org.vdpacompute.controller.image.ImageQuery;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.image.Visibility;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class JdbcImageStoreTest {
  private static final byte[] DATA = "raw disk bytes".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123456Z"));

  private ImageService service(JdbcImageStore store) throws Exception {
    return new ImageService(store, new ImageFiles(Files.createTempDirectory(dir, "images")), clock);
  }

  private Image create(ImageService service, String name, String owner, String visibility) {
    clock.advance(Duration.ofMillis(1500));
    return service.create(new ImageService.ImageRequest(null, name, owner, visibility, "qcow2", "bare", 1, 512, null,
        Map.of("owner_specified.openstack.object", "images/" + name, "owner_specified.openstack.md5", "")));
  }

  @EachDatabase
  void anImageReadsBackAsWrittenThroughUploadAndDelete(TestDatabase db) throws Exception {
    JdbcImageStore store = new JdbcImageStore(db.open());
    ImageService service = service(store);
    Image queued = create(service, "cirros", "demo", "private");
    assertThat(store.image(queued.id())).contains(queued);
    assertThat(queued.properties()).containsEntry("owner_specified.openstack.md5", "");
    Image active = service.upload(queued.id(), new ByteArrayInputStream(DATA));
    assertThat(store.image(queued.id())).contains(active);
    assertThat(active.size()).isEqualTo(DATA.length);
    assertThat(active.osHashValue()).hasSize(128);
    service.delete(queued.id());
    assertThat(store.image(queued.id())).isEmpty();
    assertThat(store.delete(queued.id())).isFalse();
  }

  @EachDatabase
  void deletingAnImageDeletesItsProperties(TestDatabase db) throws Exception {
    Database database = db.open();
    JdbcImageStore store = new JdbcImageStore(database);
    Image i = create(service(store), "cirros", "demo", null);
    assertThat(store.delete(i.id())).isTrue();
    int left = database.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM image_properties").mapTo(Integer.class).one());
    assertThat(left).isZero();
  }

  @EachDatabase
  void listsAreWhatTheQueryMatchesNewestFirst(TestDatabase db) throws Exception {
    JdbcImageStore store = new JdbcImageStore(db.open());
    ImageService service = service(store);
    List<Image> all = new ArrayList<>();
    for (String owner : List.of("admin", "demo", "other")) {
      for (Visibility v : Visibility.values()) all.add(create(service, v.apiName() + "-" + owner, owner, v.apiName()));
    }
    service.upload(all.get(0).id(), new ByteArrayInputStream(DATA));
    all.set(0, service.image(all.get(0).id()));
    List<ImageQuery> queries = new ArrayList<>();
    for (String viewer : new String[] {null, "demo", "nobody"}) {
      queries.add(ImageQuery.visibleTo(viewer));
      for (Visibility v : Visibility.values()) queries.add(new ImageQuery(viewer, null, v, null));
      queries.add(new ImageQuery(viewer, "public-other", null, null));
      queries.add(new ImageQuery(viewer, null, null, ImageStatus.ACTIVE));
      queries.add(new ImageQuery(viewer, "private-other", Visibility.PRIVATE, ImageStatus.QUEUED));
    }
    for (ImageQuery q : queries) {
      List<Image> expected = all.stream().filter(q::matches).sorted((a, b) -> b.createdAt().compareTo(a.createdAt())).toList();
      assertThat(store.images(q)).as(q.toString()).containsExactlyElementsOf(expected);
    }
    assertThat(store.images(ImageQuery.visibleTo("demo"))).extracting(Image::name)
        .containsExactly("public-other", "community-demo", "shared-demo", "private-demo", "public-demo", "public-admin");
  }

  @EachDatabase
  void anIdIsTakenOnce(TestDatabase db) throws Exception {
    ImageService service = service(new JdbcImageStore(db.open()));
    String id = "0c1d2e3f-4a5b-4c6d-8e7f-000000000042";
    service.create(new ImageService.ImageRequest(id, "a", "demo", null, null, null, null, null, null, null));
    assertThatThrownBy(() -> service.create(new ImageService.ImageRequest(id, "b", "demo", null, null, null, null, null, null, null)))
        .isInstanceOf(ConflictException.class).hasMessage("Image with identifier " + id + " already exists!");
  }

  @EachDatabase
  void ofTwoControllersStartingAnUploadOfOneImageOneWins(TestDatabase db) throws Exception {
    JdbcImageStore first = new JdbcImageStore(db.open());
    JdbcImageStore second = new JdbcImageStore(db.open());
    Image queued = create(service(first), "cirros", "demo", null);
    Image saving = queued.withStatus(ImageStatus.SAVING, queued.createdAt());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (JdbcImageStore store : List.of(first, second)) {
        Callable<Boolean> race = () -> {
          start.await();
          return store.update(saving, ImageStatus.QUEUED);
        };
        results.add(pool.submit(race));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> f : results) won += f.get() ? 1 : 0;
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(second.image(queued.id())).contains(saving);
  }
}
