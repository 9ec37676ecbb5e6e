package org.vdpacompute.controller.policy;

/**
 * Every action the APIs offer, with the rule that guards it and the policy name OpenStack uses for
 * it (so that a refusal reads as it would on Nova or Neutron).
 */
public enum Action {
  // compute
  SERVER_LIST("os_compute_api:servers:index", Rule.PROJECT_READER),
  SERVER_LIST_ALL_PROJECTS("os_compute_api:servers:index:get_all_tenants", Rule.ADMIN),
  SERVER_SHOW("os_compute_api:servers:show", Rule.PROJECT_READER),
  SERVER_CREATE("os_compute_api:servers:create", Rule.PROJECT_MEMBER),
  SERVER_DELETE("os_compute_api:servers:delete", Rule.PROJECT_MEMBER),
  SERVER_ACTION("os_compute_api:servers:action", Rule.PROJECT_MEMBER),
  SERVER_MIGRATE("os_compute_api:os-migrate-server:migrate", Rule.ADMIN),
  SERVER_LIVE_MIGRATE("os_compute_api:os-migrate-server:migrate_live", Rule.ADMIN),
  SERVER_EVACUATE("os_compute_api:os-evacuate", Rule.ADMIN),
  SERVER_INTERFACES("os_compute_api:os-attach-interfaces", Rule.PROJECT_MEMBER),
  INSTANCE_ACTIONS("os_compute_api:os-instance-actions:list", Rule.PROJECT_READER),
  MIGRATIONS_LIST("os_compute_api:os-migrations:index", Rule.ADMIN),
  SERVICES("os_compute_api:os-services:list", Rule.ADMIN),
  SERVICES_UPDATE("os_compute_api:os-services:update", Rule.ADMIN),
  HYPERVISORS("os_compute_api:os-hypervisors:list", Rule.ADMIN),
  PCI_DEVICES("os_compute_api:os-pci-devices", Rule.ADMIN),
  /** Why a server would or would not fit each host: names hosts and other projects' servers. */
  SCHEDULING_EXPLAIN("os_compute_api:os-scheduling-explain", Rule.ADMIN),
  FLAVOR_LIST("os_compute_api:flavors", Rule.ANY_USER),
  FLAVOR_MANAGE("os_compute_api:os-flavor-manage:create", Rule.ADMIN),
  // networking
  NETWORK_LIST("get_network", Rule.ANY_USER),
  NETWORK_CREATE("create_network", Rule.PROJECT_MEMBER),
  NETWORK_PROVIDER("create_network:provider:physical_network", Rule.ADMIN),
  NETWORK_DELETE("delete_network", Rule.PROJECT_MEMBER),
  PORT_READ("get_port", Rule.PROJECT_READER),
  PORT_WRITE("create_port", Rule.PROJECT_MEMBER),
  PORT_BINDING("create_port:binding:host_id", Rule.ADMIN),
  // image
  IMAGE_READ("get_image", Rule.ANY_USER),
  IMAGE_WRITE("add_image", Rule.PROJECT_MEMBER),
  IMAGE_UPLOAD("upload_image", Rule.PROJECT_MEMBER),
  IMAGE_DELETE("delete_image", Rule.PROJECT_MEMBER),
  /** Making an image public puts it in every project's list: Glance keeps that to administrators. */
  IMAGE_PUBLICIZE("publicize_image", Rule.ADMIN),
  // agents
  AGENT("compute_agent", Rule.SERVICE);

  private final String policyName;
  private final Rule rule;

  Action(String policyName, Rule rule) {
    this.policyName = policyName;
    this.rule = rule;
  }

  public String policyName() {
    return policyName;
  }

  public Rule rule() {
    return rule;
  }
}
