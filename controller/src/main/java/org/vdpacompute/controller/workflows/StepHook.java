package org.vdpacompute.controller.workflows;

/**
 * Told of every step boundary of every saga this controller runs: before each step, and after the
 * last. Production has none; the tests that kill a controller or an agent at each boundary of each
 * operation (and then check what recovery makes of it) hook in here. A hook that throws an {@link
 * Error} stops the saga there as a killed process would: nothing after that point runs, no undo,
 * no record of a failure.
 */
@FunctionalInterface
public interface StepHook {
  /** No hook: what a controller runs with. */
  StepHook NONE = boundary -> { };

  void reached(Boundary boundary);

  /**
   * A step boundary.
   *
   * @param saga the saga's name ("live migration")
   * @param index how many of its steps are done: 0 before the first, the step count after the last
   * @param step the name of the step about to run; null after the last
   * @param instanceUuid the server the saga runs on
   */
  record Boundary(String saga, int index, String step, String instanceUuid) {}
}
