package org.vdpacompute.controller.policy;

import static org.vdpacompute.controller.policy.PolicyFamily.COMPUTE;
import static org.vdpacompute.controller.policy.PolicyFamily.IDENTITY;
import static org.vdpacompute.controller.policy.PolicyFamily.IMAGE;
import static org.vdpacompute.controller.policy.PolicyFamily.NETWORK;

/**
 * Every action the APIs offer, with the rule that guards it and the policy name OpenStack uses for
 * it (so that a refusal reads as it would on Nova, Neutron, Keystone or Glance).
 */
public enum Action {
  // compute
  SERVER_LIST("os_compute_api:servers:index", Rule.PROJECT_READER, COMPUTE),
  SERVER_LIST_ALL_PROJECTS("os_compute_api:servers:index:get_all_tenants", Rule.ADMIN, COMPUTE),
  SERVER_SHOW("os_compute_api:servers:show", Rule.PROJECT_READER, COMPUTE),
  SERVER_CREATE("os_compute_api:servers:create", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_DELETE("os_compute_api:servers:delete", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_UPDATE("os_compute_api:servers:update", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_METADATA_READ("os_compute_api:server-metadata:index", Rule.PROJECT_READER, COMPUTE),
  SERVER_METADATA_WRITE("os_compute_api:server-metadata:update", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_METADATA_DELETE("os_compute_api:server-metadata:delete", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_ACTION("os_compute_api:servers:action", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_MIGRATE("os_compute_api:os-migrate-server:migrate", Rule.ADMIN, COMPUTE),
  SERVER_LIVE_MIGRATE("os_compute_api:os-migrate-server:migrate_live", Rule.ADMIN, COMPUTE),
  SERVER_EVACUATE("os_compute_api:os-evacuate", Rule.ADMIN, COMPUTE),
  /** Puts a server in ACTIVE or ERROR and drops its task, whatever the server's state: Nova keeps it to administrators. */
  SERVER_RESET_STATE("os_compute_api:os-admin-actions:reset_state", Rule.ADMIN, COMPUTE),
  SERVER_INTERFACES_LIST("os_compute_api:os-attach-interfaces:list", Rule.PROJECT_READER, COMPUTE),
  SERVER_INTERFACES_ATTACH("os_compute_api:os-attach-interfaces:create", Rule.PROJECT_MEMBER, COMPUTE),
  SERVER_INTERFACES_DETACH("os_compute_api:os-attach-interfaces:delete", Rule.PROJECT_MEMBER, COMPUTE),
  INSTANCE_ACTIONS("os_compute_api:os-instance-actions:list", Rule.PROJECT_READER, COMPUTE),
  MIGRATIONS_LIST("os_compute_api:os-migrations:index", Rule.ADMIN, COMPUTE),
  SERVICES("os_compute_api:os-services:list", Rule.ADMIN, COMPUTE),
  SERVICES_UPDATE("os_compute_api:os-services:update", Rule.ADMIN, COMPUTE),
  HYPERVISORS("os_compute_api:os-hypervisors:list", Rule.ADMIN, COMPUTE),
  HYPERVISORS_STATISTICS("os_compute_api:os-hypervisors:statistics", Rule.ADMIN, COMPUTE),
  HYPERVISORS_SERVERS("os_compute_api:os-hypervisors:servers", Rule.ADMIN, COMPUTE),
  HYPERVISORS_SEARCH("os_compute_api:os-hypervisors:search", Rule.ADMIN, COMPUTE),
  AGGREGATES_LIST("os_compute_api:os-aggregates:index", Rule.ADMIN, COMPUTE),
  AGGREGATES_SHOW("os_compute_api:os-aggregates:show", Rule.ADMIN, COMPUTE),
  /** The zones' names and states: anyone, as in Nova. */
  AVAILABILITY_ZONES("os_compute_api:os-availability-zone:list", Rule.ANY_USER, COMPUTE),
  /** The zones with their hosts and services. */
  AVAILABILITY_ZONES_DETAIL("os_compute_api:os-availability-zone:detail", Rule.ADMIN, COMPUTE),
  USAGE_LIST("os_compute_api:os-simple-tenant-usage:list", Rule.ADMIN, COMPUTE),
  /** A project's usage: its own readers, and administrators. */
  USAGE_SHOW("os_compute_api:os-simple-tenant-usage:show", Rule.PROJECT_READER, COMPUTE),
  CONSOLE_OUTPUT("os_compute_api:os-console-output", Rule.PROJECT_MEMBER, COMPUTE),
  PCI_DEVICES("os_compute_api:os-pci-devices", Rule.ADMIN, COMPUTE),
  /** Why a server would or would not fit each host: names hosts and other projects' servers. */
  SCHEDULING_EXPLAIN("os_compute_api:os-scheduling-explain", Rule.ADMIN, COMPUTE),
  /** A project's quotas: its own readers, and administrators (Nova's PROJECT_READER_OR_ADMIN with the project as target). */
  QUOTA_SHOW("os_compute_api:os-quota-sets:show", Rule.PROJECT_READER, COMPUTE),
  QUOTA_DEFAULTS("os_compute_api:os-quota-sets:defaults", Rule.ANY_USER, COMPUTE),
  QUOTA_UPDATE("os_compute_api:os-quota-sets:update", Rule.ADMIN, COMPUTE),
  QUOTA_DELETE("os_compute_api:os-quota-sets:delete", Rule.ADMIN, COMPUTE),
  LIMITS("os_compute_api:limits", Rule.ANY_USER, COMPUTE),
  LIMITS_OTHER_PROJECT("os_compute_api:limits:other_project", Rule.ADMIN, COMPUTE),
  FLAVOR_LIST("os_compute_api:flavors", Rule.ANY_USER, COMPUTE),
  FLAVOR_MANAGE("os_compute_api:os-flavor-manage:create", Rule.ADMIN, COMPUTE),
  FLAVOR_DELETE("os_compute_api:os-flavor-manage:delete", Rule.ADMIN, COMPUTE),
  FLAVOR_ACCESS_LIST("os_compute_api:os-flavor-access", Rule.ADMIN, COMPUTE),
  FLAVOR_ACCESS_ADD("os_compute_api:os-flavor-access:add_tenant_access", Rule.ADMIN, COMPUTE),
  FLAVOR_ACCESS_REMOVE("os_compute_api:os-flavor-access:remove_tenant_access", Rule.ADMIN, COMPUTE),
  FLAVOR_EXTRA_SPECS("os_compute_api:os-flavor-extra-specs:index", Rule.PROJECT_READER, COMPUTE),
  FLAVOR_EXTRA_SPECS_MANAGE("os_compute_api:os-flavor-extra-specs:create", Rule.ADMIN, COMPUTE),
  // networking
  NETWORK_LIST("get_network", Rule.ANY_USER, NETWORK),
  NETWORK_CREATE("create_network", Rule.PROJECT_MEMBER, NETWORK),
  NETWORK_PROVIDER("create_network:provider:physical_network", Rule.ADMIN, NETWORK),
  NETWORK_DELETE("delete_network", Rule.PROJECT_MEMBER, NETWORK),
  SUBNET_LIST("get_subnet", Rule.ANY_USER, NETWORK),
  SUBNET_CREATE("create_subnet", Rule.PROJECT_MEMBER, NETWORK),
  EXTENSIONS("get_extension", Rule.ANY_USER, NETWORK),
  NETWORK_AVAILABILITY_ZONES("get_availability_zone", Rule.ANY_USER, NETWORK),
  /** The read-only default groups: a project's own, every project's for administrators (scoped in the API). */
  SECURITY_GROUP_READ("get_security_group", Rule.ANY_USER, NETWORK),
  PORT_READ("get_port", Rule.PROJECT_READER, NETWORK),
  NETWORK_QUOTA_SHOW("get_quota", Rule.PROJECT_READER, NETWORK),
  NETWORK_QUOTA_UPDATE("update_quota", Rule.ADMIN, NETWORK),
  NETWORK_QUOTA_DELETE("delete_quota", Rule.ADMIN, NETWORK),
  PORT_WRITE("create_port", Rule.PROJECT_MEMBER, NETWORK),
  PORT_UPDATE("update_port", Rule.PROJECT_MEMBER, NETWORK),
  PORT_DELETE("delete_port", Rule.PROJECT_MEMBER, NETWORK),
  PORT_BINDING("create_port:binding:host_id", Rule.ADMIN, NETWORK),
  PORT_BINDING_UPDATE("update_port:binding:host_id", Rule.ADMIN, NETWORK),
  /**
   * Writing {@code binding:profile}, which names the device a port is bound to (and asks for
   * trusted VFs): Neutron keeps it to services and administrators, so that a project cannot point
   * its port at another tenant's device.
   */
  PORT_BINDING_PROFILE("create_port:binding:profile", Rule.SERVICE, NETWORK),
  PORT_BINDING_PROFILE_UPDATE("update_port:binding:profile", Rule.SERVICE, NETWORK),
  // image
  IMAGE_READ("get_image", Rule.ANY_USER, IMAGE),
  IMAGE_WRITE("add_image", Rule.PROJECT_MEMBER, IMAGE),
  IMAGE_UPLOAD("upload_image", Rule.PROJECT_MEMBER, IMAGE),
  IMAGE_UPDATE("modify_image", Rule.PROJECT_MEMBER, IMAGE),
  IMAGE_DELETE("delete_image", Rule.PROJECT_MEMBER, IMAGE),
  /** Making an image public puts it in every project's list: Glance keeps that to administrators. */
  IMAGE_PUBLICIZE("publicize_image", Rule.ADMIN, IMAGE),
  // identity: a token's owner, services and administrators may look at it or revoke it
  TOKEN_VALIDATE("identity:validate_token", Rule.SERVICE_ADMIN_OR_SUBJECT, IDENTITY),
  TOKEN_CHECK("identity:check_token", Rule.SERVICE_ADMIN_OR_SUBJECT, IDENTITY),
  TOKEN_REVOKE("identity:revoke_token", Rule.SERVICE_ADMIN_OR_SUBJECT, IDENTITY),
  // identity: what Keystone's defaults keep to administrators (its system readers aside)
  IDENTITY_PROJECT_LIST("identity:list_projects", Rule.ADMIN, IDENTITY),
  /** Anyone reads the project their token is scoped to; the API answers others' as missing. */
  IDENTITY_PROJECT_SHOW("identity:get_project", Rule.ANY_USER, IDENTITY),
  IDENTITY_PROJECT_CREATE("identity:create_project", Rule.ADMIN, IDENTITY),
  IDENTITY_PROJECT_DELETE("identity:delete_project", Rule.ADMIN, IDENTITY),
  IDENTITY_USER_LIST("identity:list_users", Rule.ADMIN, IDENTITY),
  /** A user reads itself, as Keystone's {@code user_id:%(target.user.id)s}. */
  IDENTITY_USER_SHOW("identity:get_user", Rule.SERVICE_ADMIN_OR_SUBJECT, IDENTITY),
  /** The projects a user has roles on: the user itself, as Keystone's {@code identity:list_user_projects}. */
  IDENTITY_USER_PROJECTS("identity:list_user_projects", Rule.SERVICE_ADMIN_OR_SUBJECT, IDENTITY),
  IDENTITY_USER_CREATE("identity:create_user", Rule.ADMIN, IDENTITY),
  IDENTITY_USER_DELETE("identity:delete_user", Rule.ADMIN, IDENTITY),
  IDENTITY_ROLE_LIST("identity:list_roles", Rule.ADMIN, IDENTITY),
  IDENTITY_ROLE_SHOW("identity:get_role", Rule.ADMIN, IDENTITY),
  IDENTITY_ROLE_CREATE("identity:create_role", Rule.ADMIN, IDENTITY),
  IDENTITY_ROLE_DELETE("identity:delete_role", Rule.ADMIN, IDENTITY),
  IDENTITY_GRANT_LIST("identity:list_grants", Rule.ADMIN, IDENTITY),
  IDENTITY_GRANT_CHECK("identity:check_grant", Rule.ADMIN, IDENTITY),
  IDENTITY_GRANT_CREATE("identity:create_grant", Rule.ADMIN, IDENTITY),
  IDENTITY_GRANT_REVOKE("identity:revoke_grant", Rule.ADMIN, IDENTITY),
  IDENTITY_ROLE_ASSIGNMENTS("identity:list_role_assignments", Rule.ADMIN, IDENTITY),
  IDENTITY_SERVICES("identity:list_services", Rule.ADMIN, IDENTITY),
  IDENTITY_SERVICE_SHOW("identity:get_service", Rule.ADMIN, IDENTITY),
  IDENTITY_ENDPOINTS("identity:list_endpoints", Rule.ADMIN, IDENTITY),
  IDENTITY_ENDPOINT_SHOW("identity:get_endpoint", Rule.ADMIN, IDENTITY),
  /** Keystone lets anyone read regions. */
  IDENTITY_REGIONS("identity:list_regions", Rule.ANY_USER, IDENTITY),
  IDENTITY_DOMAINS("identity:list_domains", Rule.ADMIN, IDENTITY),
  /** A token's own domain is readable by its holder: here there is one domain. */
  IDENTITY_DOMAIN_SHOW("identity:get_domain", Rule.ANY_USER, IDENTITY),
  // agents
  AGENT("compute_agent", Rule.SERVICE, COMPUTE);

  private final String policyName;
  private final Rule rule;
  private final PolicyFamily family;

  Action(String policyName, Rule rule, PolicyFamily family) {
    this.policyName = policyName;
    this.rule = rule;
    this.family = family;
  }

  public String policyName() {
    return policyName;
  }

  public Rule rule() {
    return rule;
  }

  /** Whose policy this is, which words its refusal. */
  public PolicyFamily family() {
    return family;
  }
}
