package org.vdpacompute.controller.identity;

/** A role given to a user on a project, the role by name (built in or an operator's). */
public record Assignment(String userId, String projectId, String roleName) {}
