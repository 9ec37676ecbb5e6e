package org.vdpacompute.controller.identity;

/** A project (tenant): what servers, ports and quotas belong to. */
public record Project(String id, String name, String domainId, boolean enabled, String description) {
  public Project {
    description = description == null ? "" : description;
  }

  /** A project without a description. */
  public Project(String id, String name, String domainId, boolean enabled) {
    this(id, name, domainId, enabled, "");
  }
}
