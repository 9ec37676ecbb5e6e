package org.vdpacompute.controller.network;

import java.time.Instant;

/**
 * A network with its provider attributes: how it reaches the wire ({@code vlan}, {@code flat},
 * {@code vxlan}, {@code geneve}, {@code local}), on which physical network, with which segment.
 * SR-IOV and vDPA ports need a physical network: their devices are matched by it.
 */
public record Network(
    String id,
    String name,
    String projectId,
    String networkType,
    String physicalNetwork,
    Integer segmentationId,
    boolean shared,
    boolean adminStateUp,
    int mtu,
    Instant createdAt) {}
