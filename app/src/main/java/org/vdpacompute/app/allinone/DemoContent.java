package org.vdpacompute.app.allinone;

import java.util.Map;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.compute.FlavorService;

/** What a new all-in-one cloud holds so that the seed workflow works at once: flavors for now. */
final class DemoContent {
  private DemoContent() {}

  static void create(ControllerServer controller) {
    FlavorService flavors = controller.flavors();
    flavors.create(new FlavorService.FlavorRequest("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, null, Map.of()));
    flavors.create(new FlavorService.FlavorRequest("2", "m1.small", 1, 2048, 20, 0, 0, 1.0, true, null, Map.of()));
    flavors.create(new FlavorService.FlavorRequest("vdpa", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true,
        "for servers with vDPA ports", Map.of()));
  }
}
