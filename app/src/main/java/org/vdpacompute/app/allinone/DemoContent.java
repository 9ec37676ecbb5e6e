package org.vdpacompute.app.allinone;

import java.util.Map;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.compute.FlavorService;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;

/**
 * What a new all-in-one cloud holds so that the seed workflow works at once: flavors, and the
 * shared VLAN network {@code physnet4-net} on the reference hosts' physical network, with a subnet.
 */
final class DemoContent {
  static final String NETWORK = "physnet4-net";

  private DemoContent() {}

  static void create(ControllerServer controller, String adminProjectId) {
    NetworkService networks = controller.networks();
    Network net = networks.createNetwork(new NetworkService.NetworkRequest(NETWORK, adminProjectId, "vlan", "physnet4",
        100, true, null));
    networks.createSubnet(new NetworkService.SubnetRequest("physnet4-subnet", net.id(), adminProjectId, "10.4.0.0/24", 4,
        null, false, true));
    FlavorService flavors = controller.flavors();
    flavors.create(new FlavorService.FlavorRequest("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, null, Map.of()));
    flavors.create(new FlavorService.FlavorRequest("2", "m1.small", 1, 2048, 20, 0, 0, 1.0, true, null, Map.of()));
    flavors.create(new FlavorService.FlavorRequest("vdpa", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true,
        "for servers with vDPA ports", Map.of()));
  }
}
