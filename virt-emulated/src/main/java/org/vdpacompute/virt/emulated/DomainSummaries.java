package org.vdpacompute.virt.emulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.virt.guest.Xml;
import org.w3c.dom.Element;

/**
 * What the checks of a spawn or a hot-plug need of every other guest's domain XML: its name and
 * the host devices it uses. Each spawn checks against every guest of the host, so the files are
 * parsed again only when they changed: the files stay the truth (an operator may edit one, and
 * every write replaces the file whole), and a summary is reused only while its file is the very
 * one it was read from (same file key, modification time and size).
 */
final class DomainSummaries {
  private final GuestStore store;
  private final Map<UUID, Kept> kept = new ConcurrentHashMap<>();

  /** The guest's name and, once asked for, the host devices it uses. */
  private static final class Kept {
    final Object fileKey;
    final FileTime modified;
    final long size;
    final Element root;
    final String name;
    List<DomainDevices.HostUse> uses;

    Kept(BasicFileAttributes file, Element root) {
      this.fileKey = file.fileKey();
      this.modified = file.lastModifiedTime();
      this.size = file.size();
      this.root = root;
      this.name = Xml.child(root, "name").getTextContent();
    }

    boolean readFrom(BasicFileAttributes file) {
      return Objects.equals(fileKey, file.fileKey()) && modified.equals(file.lastModifiedTime()) && size == file.size();
    }
  }

  DomainSummaries(GuestStore store) {
    this.store = store;
  }

  /**
   * Keeps the summary of a domain XML this host just wrote, from the document it wrote, so that
   * the file is not parsed back; {@code file} are the attributes it was written with, and a file
   * replaced since is read again as any other. The document must not change afterwards.
   */
  void wrote(UUID guest, BasicFileAttributes file, Element root) {
    kept.put(guest, new Kept(file, root));
  }

  String name(UUID guest) {
    return current(guest).name;
  }

  /**
   * The host devices the guest uses.
   *
   * @throws org.vdpacompute.core.InvalidValueException when its XML names a device badly
   */
  List<DomainDevices.HostUse> uses(UUID guest) {
    Kept k = current(guest);
    synchronized (k) {
      if (k.uses == null) k.uses = DomainDevices.uses(k.root);
      return k.uses;
    }
  }

  private Kept current(UUID guest) {
    BasicFileAttributes file;
    try {
      file = Files.readAttributes(store.domainFile(guest), BasicFileAttributes.class);
    } catch (IOException e) {
      kept.remove(guest);
      throw new UncheckedIOException("cannot read the domain file of guest " + guest, e);
    }
    Kept k = kept.get(guest);
    if (k == null || !k.readFrom(file)) {
      // Attributes read before the content: a write meanwhile leaves a summary that is read again next time.
      k = new Kept(file, Xml.parse(store.readXml(guest)).getDocumentElement());
      kept.put(guest, k);
    }
    return k;
  }
}
