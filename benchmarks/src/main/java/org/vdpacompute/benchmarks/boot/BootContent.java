package org.vdpacompute.benchmarks.boot;

import static org.vdpacompute.benchmarks.boot.CloudClient.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * What the servers boot from, made through the APIs by the admin as the all-in-one bootstraps it:
 * flavor {@code m1.vdpa} (id {@code vdpa}), a public image {@code cirros} (a small blank raw disk),
 * and the shared VLAN network {@code physnet4-net} on the physical network {@code physnet4}. Its subnet is a
 * /16, not the all-in-one's /24: every server's port takes an address. The booting project's
 * quotas on instances, cores, RAM and ports are lifted, as an operator does for a load test: Nova's
 * defaults (10 instances) would refuse all but the first few boots.
 */
record BootContent(String flavorId, String imageId, String networkId) {
  static final String PHYSNET = "physnet4";
  static final int MAX_PORTS = (1 << 16) - 3;
  private static final int IMAGE_BYTES = 1 << 20;

  static BootContent create(CloudClient admin) throws IOException, InterruptedException {
    ObjectNode flavor = JSON.createObjectNode();
    flavor.putObject("flavor").put("name", "m1.vdpa").put("id", "vdpa").put("vcpus", 2).put("ram", 2048).put("disk", 10);
    String flavorId = admin.call("POST", "/compute/v2.1/flavors", flavor, 200).path("flavor").path("id").asText();

    ObjectNode image = JSON.createObjectNode().put("name", "cirros").put("disk_format", "raw")
        .put("container_format", "bare").put("visibility", "public");
    String imageId = admin.call("POST", "/image/v2/images", image, 201).path("id").asText();
    admin.upload("/image/v2/images/" + imageId + "/file", new byte[IMAGE_BYTES]);

    ObjectNode network = JSON.createObjectNode();
    network.putObject("network").put("name", "physnet4-net").put("provider:network_type", "vlan")
        .put("provider:physical_network", PHYSNET).put("provider:segmentation_id", 100).put("shared", true);
    String networkId = admin.call("POST", "/networking/v2.0/networks", network, 201).path("network").path("id").asText();
    ObjectNode subnet = JSON.createObjectNode();
    subnet.putObject("subnet").put("name", "physnet4-subnet").put("network_id", networkId).put("cidr", "10.4.0.0/16")
        .put("ip_version", 4);
    admin.call("POST", "/networking/v2.0/subnets", subnet, 201);
    liftQuotas(admin);
    return new BootContent(flavorId, imageId, networkId);
  }

  private static void liftQuotas(CloudClient admin) throws IOException, InterruptedException {
    ObjectNode compute = JSON.createObjectNode();
    compute.putObject("quota_set").put("instances", -1).put("cores", -1).put("ram", -1);
    admin.call("PUT", "/compute/v2.1/os-quota-sets/" + admin.projectId(), compute, 200);
    ObjectNode network = JSON.createObjectNode();
    network.putObject("quota").put("port", -1);
    admin.call("PUT", "/networking/v2.0/quotas/" + admin.projectId(), network, 200);
  }
}
