package org.vdpacompute.controller.workflows;

import java.util.List;
import java.util.Map;

/**
 * What a server create asks for, as the API read it.
 *
 * @param callerIsAdmin an administrator may boot with any project's ports and networks
 * @param nics the ports and networks asked for, in the guest's order; empty with {@code networks: none}
 * @param autoNetwork {@code networks: auto} (or none given before microversion 2.37): the one
 *     network the project can see
 * @param metadata the server's metadata, by key
 */
public record ServerRequest(
    String name,
    String projectId,
    String userId,
    boolean callerIsAdmin,
    String flavorRef,
    String imageRef,
    List<Nic> nics,
    boolean autoNetwork,
    Map<String, String> metadata) {

  public ServerRequest {
    nics = List.copyOf(nics);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** One entry of {@code networks}: a port, or a network (with an address, optionally) to make a port on. */
  public record Nic(String portId, String networkId, String fixedIp) {}
}
