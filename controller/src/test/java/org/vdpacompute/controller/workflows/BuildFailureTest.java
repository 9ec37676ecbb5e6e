package org.vdpacompute.controller.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.agents.AgentClient.AgentCallException;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.VdpaComputeException;

class BuildFailureTest {

  @Test
  void aFaultInTheControllersOwnCodeIsTheSameOnEveryHost() {
    // The build of a tunnel-network port failed so (a null physical network in its binding) and
    // was tried on three hosts.
    assertThat(BuildFailure.of(new NullPointerException()).worthAnotherHost()).isFalse();
    assertThat(BuildFailure.of(new IllegalStateException("x"))).isEqualTo(BuildFailure.REQUEST);
  }

  @Test
  void aRefusedOrVanishedPartOfTheRequestIsTheSameOnEveryHost() {
    assertThat(BuildFailure.of(new InvalidValueException("binding:profile trusted 'maybe'"))).isEqualTo(BuildFailure.REQUEST);
    assertThat(BuildFailure.of(new NotFoundException("Port p could not be found."))).isEqualTo(BuildFailure.REQUEST);
  }

  @Test
  void theHostsAgentFailingOrARaceIsWorthAnotherHost() {
    assertThat(BuildFailure.of(new AgentCallException(URI.create("http://h"), 500, "spawn failed", null)).worthAnotherHost()).isTrue();
    assertThat(BuildFailure.of(new AgentCallException(URI.create("http://h"), 400, "refused", null))).isEqualTo(BuildFailure.HOST);
    assertThat(BuildFailure.of(new ConflictException("port keeps changing"))).isEqualTo(BuildFailure.HOST);
    assertThat(BuildFailure.of(new VdpaComputeException("database unavailable"))).isEqualTo(BuildFailure.HOST);
  }
}
