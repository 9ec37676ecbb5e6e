package org.vdpacompute.controller.usage;

import java.time.Instant;

/**
 * What one server used of a period, as Nova's simple tenant usage reports it: its hours in the
 * period (from its launch to its end, or the period's), and its flavor's size.
 *
 * @param endedAt when it was deleted; null while it exists
 * @param state its vm_state, or {@code terminated} once deleted
 * @param uptime seconds from its launch to its end, or to now
 */
public record ServerUsage(String instanceId, String name, String tenantId, String flavor, double hours, int memoryMb,
    int localGb, int vcpus, Instant startedAt, Instant endedAt, String state, long uptime) {}
