package org.vdpacompute.controller.workflows;

/** Who asks something of a server: the project and user of the token, and whether an administrator. */
public record Caller(String projectId, String userId, boolean admin) {}
