package org.vdpacompute.virt.guest;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Guests that the XML tests build, one per device shape. */
final class GuestSpecs {
  static final UUID INSTANCE = UUID.fromString("6f2e3a9c-1b2d-4c5e-8f90-1a2b3c4d5e6f");
  static final GuestIdentity IDENTITY = new GuestIdentity(INSTANCE, "instance-00000001");
  static final GuestFlavor TINY = GuestFlavor.of("m1.tiny", 1, 512, 1);
  static final GuestImage CIRROS =
      new GuestImage("cirros", Path.of("/var/lib/vdpa-compute/instances/" + INSTANCE + "/disk"));

  private GuestSpecs() {}

  static GuestSpec with(GuestDevice... devices) {
    return new GuestSpec(DomainType.KVM, IDENTITY, TINY, CIRROS, List.of(devices));
  }
}
