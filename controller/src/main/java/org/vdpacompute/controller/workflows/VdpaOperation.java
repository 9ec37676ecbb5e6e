package org.vdpacompute.controller.workflows;

/**
 * What an instance with vDPA ports may have done to it, and the compute service version every host
 * of the cloud needs before it is allowed (CONTRACT section 5): version 1 brought boot, delete and
 * the cold moves; 2 interface hot-plug; 3 suspend, resume and live migration.
 */
enum VdpaOperation {
  BOOT("boot", 1),
  DELETE("delete", 1),
  MIGRATE("migrate", 1),
  RESIZE("resize", 1),
  EVACUATE("evacuate", 1),
  SHELVE("shelve", 1),
  UNSHELVE("unshelve", 1),
  REBOOT("reboot", 1),
  STOP("stop", 1),
  START("start", 1),
  ATTACH_INTERFACE("interface attach", 2),
  DETACH_INTERFACE("interface detach", 2),
  SUSPEND("suspend", 3),
  RESUME("resume", 3),
  LIVE_MIGRATE("live migration", 3);

  private final String description;
  private final int minimumServiceVersion;

  VdpaOperation(String description, int minimumServiceVersion) {
    this.description = description;
    this.minimumServiceVersion = minimumServiceVersion;
  }

  public String description() {
    return description;
  }

  public int minimumServiceVersion() {
    return minimumServiceVersion;
  }
}
