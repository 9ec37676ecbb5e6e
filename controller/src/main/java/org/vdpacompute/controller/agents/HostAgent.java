package org.vdpacompute.controller.agents;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.vdpacompute.core.host.GuestBlueprint;

/** One host's agent: what the controller asks of the guests of that host. */
public final class HostAgent {
  private final String host;
  private final AgentClient client;
  private final UnaryOperator<String> urls;

  HostAgent(String host, AgentClient client, UnaryOperator<String> urls) {
    this.host = host;
    this.client = client;
    this.urls = urls;
  }

  public String host() {
    return host;
  }

  /** {@link AgentClient#spawn}. */
  public void spawn(GuestBlueprint guest) {
    client.spawn(url(), guest);
  }

  /** {@link AgentClient#destroy}. */
  public void destroy(UUID instance) {
    client.destroy(url(), instance);
  }

  public void power(UUID instance, PowerAction action) {
    client.power(url(), instance, action);
  }

  /** {@link AgentClient#suspend}. */
  public void suspend(GuestBlueprint guest) {
    client.suspend(url(), guest);
  }

  /** {@link AgentClient#resume}. */
  public void resume(GuestBlueprint guest) {
    client.resume(url(), guest);
  }

  public void attachNic(UUID instance, GuestBlueprint.Nic nic) {
    client.attachNic(url(), instance, nic);
  }

  public void detachNic(UUID instance, GuestBlueprint.Nic nic) {
    client.detachNic(url(), instance, nic);
  }

  /** {@link AgentClient#liveMigrate}, from this host to {@code destHost}. */
  public void liveMigrate(GuestBlueprint source, String destHost, GuestBlueprint destination) {
    client.liveMigrate(url(), source, destHost, urls.apply(destHost), destination);
  }

  /** The guests defined on the host. */
  public List<AgentClient.GuestSummary> guests() {
    return client.guests(url());
  }

  /** Whether the host's guest of the instance is shut off, as the agent says. */
  public boolean isShutOff(String instanceUuid) {
    return guests().stream().anyMatch(g -> g.uuid().equals(instanceUuid) && g.state().equalsIgnoreCase("shutoff"));
  }

  private String url() {
    return urls.apply(host);
  }
}
