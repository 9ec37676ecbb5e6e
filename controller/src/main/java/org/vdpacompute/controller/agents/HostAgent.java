package org.vdpacompute.controller.agents;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.GuestRunState;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.agent.protocol.PowerAction;

/** One host's agent: what the controller asks of the guests of that host ({@link AgentClient}, by host name). */
public final class HostAgent {
  private final String host;
  private final AgentClient client;
  private final Function<String, URI> urls;

  HostAgent(String host, AgentClient client, Function<String, URI> urls) {
    this.host = host;
    this.client = client;
    this.urls = urls;
  }

  public String host() {
    return host;
  }

  public void spawn(GuestBlueprint guest) {
    client.spawn(url(), guest);
  }

  public void destroy(UUID instance) {
    client.destroy(url(), instance);
  }

  /** What the guest wrote to its serial console, the end of its log. */
  public String consoleLog(UUID instance) {
    return client.consoleLog(url(), instance);
  }

  public void power(UUID instance, PowerAction action) {
    client.power(url(), instance, action);
  }

  public void suspend(GuestBlueprint guest) {
    client.suspend(url(), guest);
  }

  public void resume(GuestBlueprint guest) {
    client.resume(url(), guest);
  }

  public void attachNic(UUID instance, GuestBlueprint.Nic nic) {
    client.attachNic(url(), instance, nic);
  }

  public void detachNic(UUID instance, GuestBlueprint.Nic nic) {
    client.detachNic(url(), instance, nic);
  }

  /** Live-migrates the guest from this host to {@code destHost} ({@link AgentClient#liveMigrate}). */
  public void liveMigrate(GuestBlueprint source, String destHost, GuestBlueprint destination) {
    client.liveMigrate(url(), source, destHost, urls.apply(destHost), destination);
  }

  /** The guests defined on the host. */
  public List<GuestSummary> guests() {
    return client.guests(url());
  }

  /** The run state of the instance's guest here; empty when the host defines none. */
  public Optional<GuestRunState> stateOf(UUID instance) {
    return guests().stream().filter(g -> g.uuid().equals(instance)).map(GuestSummary::state).findFirst();
  }

  /** Whether the host's guest of the instance is shut off, as the agent says. */
  public boolean isShutOff(UUID instance) {
    return stateOf(instance).filter(s -> s == GuestRunState.SHUTOFF).isPresent();
  }

  private URI url() {
    return urls.apply(host);
  }
}
