package org.vdpacompute.controller.workflows;

import java.time.Instant;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;

/**
 * What the steps of one run of a saga share: the server as they last recorded it (each step that
 * records a transition puts the result here), and the action their events are recorded under.
 * Operations with more to share (a claimed destination, a migration) extend it.
 */
class SagaState {
  Instance instance;
  final InstanceAction action;

  SagaState(Instance marked, InstanceAction action) {
    this.instance = marked;
    this.action = action;
  }

  /**
   * What puts back the records this state holds as they are now: a step's unit of work that rolls
   * back (and may run again) must find them as they were before it.
   */
  Runnable checkpoint() {
    Instance before = instance;
    return () -> instance = before;
  }

  /** The server once a failure is over and the task given up. */
  Instance reverted(Instance.Fault fault, Instant now) {
    return instance.reverted(fault, now);
  }

  /** The server once a failure left it in ERROR: where it is, unless the operation knows its guest is elsewhere. */
  Instance failed(Instance.Fault fault, Instant now) {
    return instance.failed(fault, now);
  }
}
