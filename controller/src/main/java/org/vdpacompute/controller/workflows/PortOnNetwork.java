package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;

/** A port of a server with its network, which says the physical network the port's device must be on. */
public record PortOnNetwork(Port port, Network network) {}
