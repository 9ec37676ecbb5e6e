package org.vdpacompute.controller.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.agents.AgentClient.AgentCallException;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.model.UnitsRunAtOnce;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.scheduler.NoValidHostException;

/**
 * What a failed placement leaves, through the saga runner: a failure of the host is tried on the
 * next one, up to three; one that would be the same on every host ends the build at once; either
 * way the fault gives each host's reason. A refusal of the scheduler keeps its explanation, for
 * administrators, in the fault's details.
 */
class PlacementFailuresTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Flavor FLAVOR = new Flavor("f", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null, Map.of());
  private static final String UUID = "11111111-2222-3333-4444-555555555555";
  private static final String EVENT = "compute__do_build_and_run_instance";

  private final InMemoryInstances stores = new InMemoryInstances();
  private final UnitOfWork units = new UnitsRunAtOnce();
  private final SagaRunner runner = new SagaRunner(stores, new InstanceActions(stores, Clock.fixed(T0, ZoneOffset.UTC)),
      units, Clock.fixed(T0, ZoneOffset.UTC), StepHook.NONE);

  private ServerBuilder.Build accepted() {
    Instance waiting = Instance.accepted(UUID, "vm", "p", "u", FLAVOR, "img", List.of(), List.of(), T0);
    stores.insert(waiting);
    InstanceAction action = stores.insert(new InstanceAction(0, UUID, "create", "req-1", "p", "u", T0, T0, null, List.of()));
    return new ServerBuilder.Build(waiting, action, List.of(), List.of());
  }

  /** A build whose claim of the next host fails as {@code failure} says, on compute-0, compute-1, ... */
  private static Saga<ServerBuilder.Build> failingOnEachHost(java.util.function.IntFunction<RuntimeException> failure) {
    int[] tries = {0};
    return ServerBuilder.placing("build", Saga.Ending.ERROR, Step.<ServerBuilder.Build>of("claim a host", b -> {
      b.host = "compute-" + tries[0];
      throw failure.apply(tries[0]++);
    }).event(EVENT, b -> b.host));
  }

  private Instance stored() {
    return stores.instance(UUID).orElseThrow();
  }

  @Test
  void aFailureTheSameOnEveryHostEndsTheBuildAtOnceWithItsReason() {
    ServerBuilder.Build b = accepted();

    runner.run(failingOnEachHost(n -> new NotFoundException("Port p could not be found.")), b);

    assertThat(stores.events(b.action)).as("tried on one host only").singleElement()
        .satisfies(e -> assertThat(e.host()).isEqualTo("compute-0"));
    assertThat(stored().vmState()).isEqualTo(VmState.ERROR);
    assertThat(stored().fault().message())
        .isEqualTo("Build of instance " + UUID + " failed on 1 host: compute-0: Port p could not be found.");
  }

  @Test
  void aFailureOfTheHostIsTriedOnTheNextUpToThreeHosts() {
    ServerBuilder.Build b = accepted();

    runner.run(failingOnEachHost(n -> new AgentCallException(URI.create("http://compute-" + n), 500, "spawn failed",
        null)), b);

    assertThat(stores.events(b.action)).extracting(InstanceAction.Event::host)
        .containsExactly("compute-0", "compute-1", "compute-2");
    assertThat(b.failedHosts).containsExactlyInAnyOrder("compute-0", "compute-1", "compute-2");
    assertThat(stored().vmState()).isEqualTo(VmState.ERROR);
    assertThat(stored().fault().message()).startsWith("Build of instance " + UUID + " failed on 3 hosts: compute-0: ")
        .contains("; compute-2: compute agent http://compute-2: spawn failed");
  }

  @Test
  void aRefusalOfTheSchedulerEndsTheBuildWithItsExplanationForAdministrators() {
    ServerBuilder.Build b = accepted();

    runner.run(failingOnEachHost(n -> n == 0 ? new AgentCallException(URI.create("http://compute-0"), 500, "spawn failed",
        null) : new NoValidHostException("No valid host was found. 1 candidate host refused it.",
            "compute-1: PciPassthroughFilter: no vdpa device free")), b);

    assertThat(stores.events(b.action)).hasSize(2);
    assertThat(stored().fault().message()).isEqualTo("No valid host was found. 1 candidate host refused it."
        + " Earlier attempts: compute-0: compute agent http://compute-0: spawn failed");
    assertThat(stored().fault().details()).isEqualTo("compute-1: PciPassthroughFilter: no vdpa device free");
  }
}
