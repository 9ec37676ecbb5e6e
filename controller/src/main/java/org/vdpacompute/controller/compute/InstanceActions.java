package org.vdpacompute.controller.compute;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.vdpacompute.core.Failures;

/**
 * Records what is asked of servers ({@code os-instance-actions}): the action when the API accepts
 * it, under the request's id, and each step of the background work as an event with its result.
 */
public final class InstanceActions {
  private final InstanceActionStore store;
  private final Clock clock;

  public InstanceActions(InstanceActionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records that an action was asked of a server by the caller of the current request. */
  public InstanceAction start(String instanceUuid, String action, String projectId, String userId) {
    String requestId = MDC.get("request_id");
    Instant now = now();
    return store.insert(new InstanceAction(0, instanceUuid, action,
        requestId == null ? "req-" + UUID.randomUUID() : requestId, projectId, userId, now, now, null, List.of()));
  }

  /** Runs one step of an action on a host, recording it as an event that succeeded or failed (and rethrowing). */
  public <T> T event(InstanceAction action, String event, String host, Supplier<T> step) {
    Instant started = now();
    T result = attempt(action, event, host, started, step);
    record(action, succeeded(event, host, started));
    return result;
  }

  /** {@link #event} for a step that returns nothing. */
  public void event(InstanceAction action, String event, String host, Runnable step) {
    event(action, event, host, () -> {
      step.run();
      return null;
    });
  }

  /**
   * Runs one step like {@link #event}, recording it only if it fails: the event of its success is
   * returned, for the caller to {@link #record} in one transaction with what the step led to.
   */
  public InstanceAction.Event attempt(InstanceAction action, String event, String host, Runnable step) {
    Instant started = now();
    attempt(action, event, host, started, () -> {
      step.run();
      return null;
    });
    return succeeded(event, host, started);
  }

  /** Records an event of an action. */
  public void record(InstanceAction action, InstanceAction.Event event) {
    store.addEvent(action.id(), event);
  }

  private <T> T attempt(InstanceAction action, String event, String host, Instant started, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      record(action, new InstanceAction.Event(event, host, started, now(), "Error", Failures.describe(e)));
      throw e;
    }
  }

  private InstanceAction.Event succeeded(String event, String host, Instant started) {
    return new InstanceAction.Event(event, host, started, now(), "Success", null);
  }

  /** Records a step that failed without running, such as a placement no host could take. */
  public void failed(InstanceAction action, String event, String host, String why) {
    Instant now = now();
    store.addEvent(action.id(), new InstanceAction.Event(event, host, now, now, "Error", why));
  }

  public List<InstanceAction> of(String instanceUuid) {
    return store.ofInstance(instanceUuid);
  }

  /** The action an instance's request asked for, with its events. */
  public Optional<InstanceAction> of(String instanceUuid, String requestId) {
    return store.byRequest(instanceUuid, requestId);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
