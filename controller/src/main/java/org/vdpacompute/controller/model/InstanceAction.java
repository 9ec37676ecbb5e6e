package org.vdpacompute.controller.model;

import java.time.Instant;
import java.util.List;

/**
 * Something asked of a server, as {@code os-instance-actions} shows it: who asked, with which
 * request, and the steps (events) it went through with their results.
 *
 * @param message "Error" when a step failed, else null (as Nova)
 */
public record InstanceAction(
    long id,
    String instanceUuid,
    String action,
    String requestId,
    String projectId,
    String userId,
    Instant startTime,
    Instant updatedAt,
    String message,
    List<Event> events) {

  public InstanceAction {
    events = List.copyOf(events);
  }

  /**
   * One step of an action.
   *
   * @param result "Success" or "Error"; null while it runs
   * @param traceback why it failed, for administrators
   */
  public record Event(String event, String host, Instant startTime, Instant finishTime, String result, String traceback) {}
}
