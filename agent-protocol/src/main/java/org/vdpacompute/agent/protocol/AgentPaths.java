package org.vdpacompute.agent.protocol;

import java.util.UUID;

/**
 * Where each side of the protocol listens: the agent's own API, which the controller calls with its
 * service token, and the controller's agent API, which agents call to register and heartbeat. The
 * patterns (with {@code {uuid}}) are the listeners' routes; the methods give a call's path.
 */
public final class AgentPaths {
  /** The agent's API. */
  public static final String ROOT = "/host/v1";
  public static final String GUESTS = ROOT + "/guests";
  public static final String GUEST_PATTERN = GUESTS + "/{uuid}";
  public static final String ACTION_PATTERN = GUEST_PATTERN + "/action";
  /** What a guest wrote to its serial console: {@code {"output": TEXT}}. */
  public static final String CONSOLE_PATTERN = GUEST_PATTERN + "/console";
  /**
   * The ports of a guest about to arrive in a live migration, whose representors the destination
   * plugs before it arrives ({@code PUT}, a blueprint), and unplugs when it does not ({@code DELETE}).
   */
  public static final String PORTS_PATTERN = GUEST_PATTERN + "/ports";
  /** The destination's half of a live migration: a blueprint rendered as that host's domain XML. */
  public static final String GUEST_XML = ROOT + "/guest-xml";
  /** The controller's agent API. */
  public static final String CONTROLLER_ROOT = "/agent/v1";
  public static final String HOST_PATTERN = CONTROLLER_ROOT + "/hosts/{host}";
  public static final String HEARTBEAT_PATTERN = HOST_PATTERN + "/heartbeat";
  /** OpenStack's request id header: a call carries the id of the API request it serves. */
  public static final String REQUEST_ID_HEADER = "x-openstack-request-id";
  /** The logging key of the request id, on both sides. */
  public static final String REQUEST_ID_MDC_KEY = "request_id";
  public static final String TOKEN_HEADER = "X-Auth-Token";

  private AgentPaths() {}

  public static String guest(UUID uuid) {
    return GUESTS + "/" + uuid;
  }

  public static String action(UUID uuid) {
    return guest(uuid) + "/action";
  }

  public static String console(UUID uuid) {
    return guest(uuid) + "/console";
  }

  public static String ports(UUID uuid) {
    return guest(uuid) + "/ports";
  }

  public static String host(String host) {
    return CONTROLLER_ROOT + "/hosts/" + host;
  }

  public static String heartbeat(String host) {
    return host(host) + "/heartbeat";
  }
}
