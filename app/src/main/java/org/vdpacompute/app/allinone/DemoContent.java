package org.vdpacompute.app.allinone;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;

/**
 * What a new all-in-one cloud holds so that the seed workflow works at once: flavors, the shared
 * VLAN network {@code physnet4-net} on the reference hosts' physical network with a subnet, and a
 * public image {@code cirros}. The cloud has no network to fetch the real CirrOS disk from, and its
 * emulated hosts never run a guest's disk, so the image is a small blank raw disk under that name.
 */
final class DemoContent {
  static final String NETWORK = "physnet4-net";
  static final String IMAGE = "cirros";
  /** The flavor of the seed workflow's server. */
  static final String VDPA_FLAVOR = "m1.vdpa";

  private DemoContent() {}

  /** Size of the blank disk behind the {@code cirros} image. */
  static final int CIRROS_BYTES = 1 << 20;

  static void create(ControllerServer controller, String adminProjectId) {
    ImageService images = controller.images();
    Image cirros = images.create(new ImageService.ImageRequest(null, IMAGE, adminProjectId, "public", "raw", "bare",
        null, null, null, Map.of()));
    images.upload(cirros.id(), new ByteArrayInputStream(new byte[CIRROS_BYTES]));
    NetworkService networks = controller.networks();
    Network net = networks.createNetwork(new NetworkService.NetworkRequest(NETWORK, adminProjectId, "vlan", "physnet4",
        100, true, null));
    networks.createSubnet(new NetworkService.SubnetRequest("physnet4-subnet", net.id(), adminProjectId, "10.4.0.0/24", 4,
        null, false, true));
    FlavorService flavors = controller.flavors();
    flavors.create(new FlavorService.FlavorRequest("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, null, Map.of()));
    flavors.create(new FlavorService.FlavorRequest("2", "m1.small", 1, 2048, 20, 0, 0, 1.0, true, null, Map.of()));
    flavors.create(new FlavorService.FlavorRequest("vdpa", VDPA_FLAVOR, 2, 2048, 10, 0, 0, 1.0, true,
        "for servers with vDPA ports", Map.of()));
  }
}
