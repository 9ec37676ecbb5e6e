package org.vdpacompute.controller.placement;

import java.util.Map;

/** Where each controller on a shared database publishes how many changes to shared state it committed. */
public interface PeerChangeStore {
  /** Records {@code changes} as the count of the controller {@code controllerId}. */
  void publish(String controllerId, long changes);

  /** Every controller's last published count, by controller. */
  Map<String, Long> counts();

  /** Removes a controller's count: it stops and will publish no more. */
  void forget(String controllerId);
}
