package org.vdpacompute.controller.identity;

/** A project (tenant): what servers, ports and quotas belong to. */
public record Project(String id, String name, String domainId, boolean enabled) {}
