package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceActionStore;

/**
 * Records what is asked of servers ({@code os-instance-actions}): the action when the API accepts
 * it, under the request's id, and each step of the background work as an event with its result
 * ({@link SagaRunner} records them).
 */
public final class InstanceActions {
  private final InstanceActionStore store;
  private final Clock clock;

  InstanceActions(InstanceActionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records that an action was asked of a server by the caller of the current request. */
  InstanceAction start(String instanceUuid, String action, String projectId, String userId) {
    String requestId = MDC.get("request_id");
    Instant now = clock.instant();
    return store.insert(new InstanceAction(0, instanceUuid, action,
        requestId == null ? "req-" + UUID.randomUUID() : requestId, projectId, userId, now, now, null, List.of()));
  }

  /** Records an event of an action. */
  void record(InstanceAction action, InstanceAction.Event event) {
    store.addEvent(action.id(), event);
  }

  /** An instance's actions, newest first, with their events. */
  public List<InstanceAction> of(String instanceUuid) {
    return store.ofInstance(instanceUuid);
  }

  /** The action an instance's request asked for, with its events. */
  public Optional<InstanceAction> of(String instanceUuid, String requestId) {
    return store.byRequest(instanceUuid, requestId);
  }
}
