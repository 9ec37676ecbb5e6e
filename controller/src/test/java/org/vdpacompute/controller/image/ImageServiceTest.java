package org.vdpacompute.controller.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.controller.identity.MutableClock;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.ForbiddenException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

class ImageServiceTest {
  private static final byte[] DATA = "a tiny raw disk".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123456789Z"));
  private ImageService service;

  private ImageService service() {
    if (service == null) service = new ImageService(new InMemoryImageStore(), new ImageFiles(dir.resolve("images")), clock);
    return service;
  }

  private Image create(String name, String owner, String visibility) {
    clock.advance(Duration.ofSeconds(1));
    return service().create(new ImageService.ImageRequest(null, name, owner, visibility, "raw", "bare", null, null, null,
        Map.of("owner_specified.openstack.object", "images/" + name)));
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("images"))) {
      return s.toList();
    }
  }

  @Test
  void aNewImageIsQueuedWithGlancesDefaults() {
    Image i = service().create(new ImageService.ImageRequest(null, null, "demo", null, null, null, null, null, null, null));
    assertThat(i.status()).isEqualTo(ImageStatus.QUEUED);
    assertThat(i.visibility()).isEqualTo(Visibility.SHARED);
    assertThat(i.diskFormat()).isNull();
    assertThat(i.minDisk()).isZero();
    assertThat(i.isProtected()).isFalse();
    assertThat(i.size()).isNull();
    assertThat(i.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123456Z"));
  }

  @Test
  void uploadMakesTheImageActiveWithSizeAndBothChecksums() throws Exception {
    Image queued = create("cirros", "demo", "private");
    Image active = service().upload(queued.id(), new ByteArrayInputStream(DATA));
    assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(active.size()).isEqualTo(DATA.length);
    assertThat(active.checksum()).isEqualTo(hex("MD5", DATA));
    assertThat(active.osHashAlgo()).isEqualTo("sha512");
    assertThat(active.osHashValue()).isEqualTo(hex("SHA-512", DATA));
    assertThat(service().image(queued.id())).isEqualTo(active);
    try (InputStream in = service().data(queued.id())) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
    }
    assertThat(files()).containsExactly(dir.resolve("images").resolve(queued.id()));
  }

  @Test
  void anActiveImageTakesNoSecondUpload() {
    Image i = create("cirros", "demo", null);
    service().upload(i.id(), new ByteArrayInputStream(DATA));
    assertThatThrownBy(() -> service().upload(i.id(), new ByteArrayInputStream(DATA)))
        .isInstanceOf(ConflictException.class).hasMessage("Image status transition from active to saving is not allowed");
  }

  @Test
  void aSecondUploadWhileTheFirstStreamsIsRefused() throws Exception {
    Image i = create("cirros", "demo", null);
    RuntimeException[] second = new RuntimeException[1];
    InputStream first = new ByteArrayInputStream(DATA) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (second[0] == null) {
          try {
            service().upload(i.id(), new ByteArrayInputStream(new byte[] {1}));
          } catch (RuntimeException e) {
            second[0] = e;
          }
        }
        return super.read(b, off, len);
      }
    };
    assertThat(service().upload(i.id(), first).size()).isEqualTo(DATA.length);
    assertThat(second[0]).isInstanceOf(ConflictException.class).hasMessageContaining("from saving to saving");
    try (InputStream in = service().data(i.id())) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
    }
  }

  @Test
  void aBrokenUploadLeavesTheImageQueuedAndNoFile() throws Exception {
    Image i = create("cirros", "demo", null);
    InputStream broken = new InputStream() {
      private int left = 100_000;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) throw new IOException("connection reset");
        int n = Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 7);
        left -= n;
        return n;
      }
    };
    assertThatThrownBy(() -> service().upload(i.id(), broken))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("broke off after").hasMessageContaining("connection reset");
    assertThat(service().image(i.id()).status()).isEqualTo(ImageStatus.QUEUED);
    assertThatThrownBy(() -> service().data(i.id())).isInstanceOf(ConflictException.class).hasMessageEndingWith("it is queued");
    assertThat(files()).isEmpty();
    assertThat(service().upload(i.id(), new ByteArrayInputStream(DATA)).status()).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void dataIsStreamedSoImagesLargerThanAnyBufferKeepTheirSizeAndHashes() throws Exception {
    long size = 5L * 1024 * 1024 + 3;
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    InputStream generated = new InputStream() {
      private long sent;

      @Override
      public int read() {
        if (sent == size) return -1;
        int b = (int) (sent++ * 31 % 251);
        md5.update((byte) b);
        return b;
      }
    };
    Image i = service().upload(create("big", "demo", null).id(), generated);
    assertThat(i.size()).isEqualTo(size);
    assertThat(i.checksum()).isEqualTo(HexFormat.of().formatHex(md5.digest()));
  }

  @Test
  void dataNeedsBothFormatsFirst() {
    Image i = service().create(new ImageService.ImageRequest(null, "x", "demo", null, "qcow2", null, null, null, null, null));
    assertThatThrownBy(() -> service().upload(i.id(), new ByteArrayInputStream(DATA)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("container_format must be set");
  }

  @Test
  void anImageDeletedWhileItsDataStreamsInLeavesNoFile() throws Exception {
    Image i = create("cirros", "demo", null);
    InputStream deleting = new ByteArrayInputStream(DATA) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (pos == 0) service().delete(i.id());
        return super.read(b, off, len);
      }
    };
    assertThatThrownBy(() -> service().upload(i.id(), deleting)).isInstanceOf(NotFoundException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void projectsSeePublicImagesAndTheirOwnAdministratorsSeeAll() {
    Image pub = create("pub", "admin", "public");
    Image mine = create("mine", "demo", "private");
    Image theirs = create("theirs", "other", "private");
    Image shared = create("shared", "other", "shared");
    Image community = create("community", "other", "community");
    assertThat(service().images(ImageQuery.visibleTo("demo"))).containsExactly(mine, pub);
    assertThat(service().images(ImageQuery.visibleTo(null))).containsExactly(community, shared, theirs, mine, pub);
    assertThat(service().images(new ImageQuery("demo", null, Visibility.COMMUNITY, null))).containsExactly(community);
    assertThat(service().images(new ImageQuery("demo", null, Visibility.PRIVATE, null))).containsExactly(mine);
    assertThat(service().images(new ImageQuery("demo", "pub", null, ImageStatus.QUEUED))).containsExactly(pub);
    assertThat(service().images(new ImageQuery("demo", "pub", null, ImageStatus.ACTIVE))).isEmpty();
    assertThat(service().image(community.id(), "demo")).isEqualTo(community);
    assertThatThrownBy(() -> service().image(theirs.id(), "demo"))
        .isInstanceOf(NotFoundException.class).hasMessage("No image found with ID " + theirs.id());
    assertThatThrownBy(() -> service().image(shared.id(), "demo")).isInstanceOf(NotFoundException.class);
    assertThat(service().image(theirs.id(), null)).isEqualTo(theirs);
  }

  @Test
  void deletingRemovesTheImageAndItsDataButNotWhenProtected() throws Exception {
    Image i = create("cirros", "demo", null);
    service().upload(i.id(), new ByteArrayInputStream(DATA));
    service().delete(i.id());
    assertThatThrownBy(() -> service().image(i.id())).isInstanceOf(NotFoundException.class);
    assertThat(files()).isEmpty();
    Image kept = service().create(new ImageService.ImageRequest(null, "kept", "demo", null, "raw", "bare", null, null, true, null));
    assertThatThrownBy(() -> service().delete(kept.id()))
        .isInstanceOf(ForbiddenException.class).hasMessage("Image " + kept.id() + " is protected and cannot be deleted.");
    assertThat(service().image(kept.id())).isEqualTo(kept);
  }

  @Test
  void badRequestsAreClearErrors() {
    assertThatThrownBy(() -> request(null, "vmdk2", "bare", 0, 0, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("Invalid disk_format 'vmdk2'; it is one of ami, ari, aki, vhd, vhdx, vmdk, raw, qcow2, vdi, iso, ploop");
    assertThatThrownBy(() -> request(null, "raw", "tar", 0, 0, null))
        .hasMessage("Invalid container_format 'tar'; it is one of ami, ari, aki, bare, ovf, ova, docker, compressed");
    assertThatThrownBy(() -> request(null, "raw", "bare", -1, 0, null)).hasMessage("min_disk must be 0 or more, not -1");
    assertThatThrownBy(() -> request(null, "raw", "bare", 0, -512, null)).hasMessage("min_ram must be 0 or more, not -512");
    assertThatThrownBy(() -> request(null, "raw", "bare", 0, 0, "everyone")).hasMessageContaining("Invalid visibility value: everyone");
    assertThatThrownBy(() -> request("../../etc/passwd", "raw", "bare", 0, 0, null)).hasMessageContaining("is not a UUID");
    String id = "3f4a5b6c-0000-4000-8000-000000000001";
    assertThat(request(id, "raw", "bare", 0, 0, null).id()).isEqualTo(id);
    assertThatThrownBy(() -> request(id, "raw", "bare", 0, 0, null))
        .isInstanceOf(ConflictException.class).hasMessage("Image with identifier " + id + " already exists!");
  }

  private Image request(String id, String disk, String container, int minDisk, int minRam, String visibility) {
    return service().create(new ImageService.ImageRequest(id, "x", "demo", visibility, disk, container, minDisk, minRam, null, null));
  }
}
