package org.vdpacompute.controller.workflows;

/**
 * The operator's choices for moves and shelving ({@code [compute]}).
 *
 * @param shelvedOffloadTime seconds a shelved server keeps its host: 0 none, -1 for ever
 */
public record ComputeSettings(boolean allowResizeToSameHost, int shelvedOffloadTime) {}
