package org.vdpacompute.virt.libvirt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestMigration;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.MigrationTarget;

/**
 * Live migration, peer to peer: the source libvirt connects to the destination's itself, as with
 * Nova's default flags, so this program needs no connection to the destination.
 */
final class LibvirtMigration implements GuestMigration {

  // virDomainMigrateFlags; the bindings keep theirs private.
  static final long LIVE = 1;
  static final long PEER2PEER = 2;
  static final long PERSIST_DEST = 8;
  static final long UNDEFINE_SOURCE = 16;
  static final long PAUSED = 32;

  private final DomainAccess access;
  private final DomainCalls calls;

  LibvirtMigration(DomainAccess access, DomainCalls calls) {
    this.access = access;
    this.calls = calls;
  }

  @Override
  public void liveMigrate(UUID instance, MigrationTarget target) {
    String destination;
    try {
      destination = destinationUri(access.connection().uri(), target);
    } catch (InvalidValueException e) {
      throw new HypervisorOperationException(
          access.connection().hostname(), instance, GuestOperation.LIVE_MIGRATE, e.getMessage(), e);
    }
    String detail = "migrating to " + target.host() + " at " + destination;
    access.act(instance, GuestOperation.LIVE_MIGRATE, detail, (domain, before) -> {
      // The guest is defined there and gone here on success; a paused guest stays paused.
      long flags = LIVE | PEER2PEER | PERSIST_DEST | UNDEFINE_SOURCE;
      if (before == GuestState.PAUSED) {
        flags |= PAUSED;
      }
      calls.migrateToUri(domain, destination, target.domainXml(), flags);
    });
  }

  /**
   * The target's own URI, or one derived from this host's: the same driver and path over TCP to the
   * target host ({@code qemu:///system} gives {@code qemu+tcp://HOST/system}), Nova's default.
   */
  static String destinationUri(String sourceUri, MigrationTarget target) {
    if (target.uri() != null) {
      return target.uri();
    }
    try {
      URI source = new URI(sourceUri);
      String driver = source.getScheme().split("\\+", 2)[0];
      return new URI(driver + "+tcp", null, target.host(), -1, source.getPath(), null, null).toString();
    } catch (URISyntaxException | RuntimeException e) {
      throw new InvalidValueException("no destination URI can be derived from " + sourceUri
          + " for host " + target.host() + "; the target must give its URI", e);
    }
  }
}
