package org.vdpacompute.app.allinone;

import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.identity.Role;

/** What the all-in-one puts in a new cloud, for tests that run controllers of their own (several, or on PostgreSQL). */
public final class DemoClouds {
  /** The reference hosts' device_spec, as the all-in-one writes it for every host. */
  public static final String[] REFERENCE_DEVICE_SPEC = AllInOneCloud.REFERENCE_DEVICE_SPEC.clone();

  private DemoClouds() {}

  /** The demo user (member of project demo) and the all-in-one's flavors, network and image, made through {@code controller}. */
  public static void populate(ControllerServer controller, String demoPassword) {
    controller.identity().bootstrap("demo", "demo", demoPassword, Role.MEMBER);
    DemoContent.create(controller, controller.identity().projectByName("admin").id());
  }
}
