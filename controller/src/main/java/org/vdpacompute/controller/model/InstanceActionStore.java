package org.vdpacompute.controller.model;

import java.util.List;
import java.util.Optional;

/** Where the actions asked of servers and their steps are recorded. */
public interface InstanceActionStore {
  /** Records a new action without events; the answer carries its id. */
  InstanceAction insert(InstanceAction action);

  /** Records a finished step of an action; a failed one marks the action's message "Error". */
  void addEvent(long actionId, InstanceAction.Event event);

  /** An instance's actions, newest first, with their events. */
  List<InstanceAction> ofInstance(String instanceUuid);

  Optional<InstanceAction> byRequest(String instanceUuid, String requestId);

}
