package org.vdpacompute.controller.agents;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
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
  private final Function<String, URI> recordedUrls;

  /**
   * @param urls where a host's agent listens, as this controller knows it
   * @param recordedUrls where it listens as the database says now
   */
  HostAgent(String host, AgentClient client, Function<String, URI> urls, Function<String, URI> recordedUrls) {
    this.host = host;
    this.client = client;
    this.urls = urls;
    this.recordedUrls = recordedUrls;
  }

  public String host() {
    return host;
  }

  public void spawn(GuestBlueprint guest) {
    call(url -> client.spawn(url, guest));
  }

  public void destroy(UUID instance) {
    call(url -> client.destroy(url, instance));
  }

  /** What the guest wrote to its serial console, the end of its log. */
  public String consoleLog(UUID instance) {
    return ask(url -> client.consoleLog(url, instance));
  }

  public void power(UUID instance, PowerAction action) {
    call(url -> client.power(url, instance, action));
  }

  public void suspend(GuestBlueprint guest) {
    call(url -> client.suspend(url, guest));
  }

  public void resume(GuestBlueprint guest) {
    call(url -> client.resume(url, guest));
  }

  public void attachNic(UUID instance, GuestBlueprint.Nic nic) {
    call(url -> client.attachNic(url, instance, nic));
  }

  public void detachNic(UUID instance, GuestBlueprint.Nic nic) {
    call(url -> client.detachNic(url, instance, nic));
  }

  /**
   * Live-migrates the guest from this host to {@code destHost} ({@link AgentClient#liveMigrate}). The
   * source's agent calls the destination's at its address as the database has it: this controller's
   * may be old, and the source's agent would not find the destination's.
   */
  public void liveMigrate(GuestBlueprint source, String destHost, GuestBlueprint destination) {
    URI recorded = recordedUrls.apply(destHost);
    URI dest = recorded != null ? recorded : urls.apply(destHost);
    call(url -> client.liveMigrate(url, source, destHost, dest, destination));
  }

  /** The guests defined on the host. */
  public List<GuestSummary> guests() {
    return ask(url -> client.guests(url));
  }

  /** The run state of the instance's guest here; empty when the host defines none. */
  public Optional<GuestRunState> stateOf(UUID instance) {
    return guests().stream().filter(g -> g.uuid().equals(instance)).map(GuestSummary::state).findFirst();
  }

  /** Whether the host's guest of the instance is shut off, as the agent says. */
  public boolean isShutOff(UUID instance) {
    return stateOf(instance).filter(s -> s == GuestRunState.SHUTOFF).isPresent();
  }

  private void call(Consumer<URI> call) {
    ask(url -> {
      call.accept(url);
      return null;
    });
  }

  /**
   * The call at the agent's address; when no one listens there and the database has the agent at
   * another (it started again on a new port and registered with another controller, which this one
   * hears of only at its next read of the services), once more there.
   */
  private <T> T ask(Function<URI, T> call) {
    URI known = urls.apply(host);
    try {
      return call.apply(known);
    } catch (AgentClient.AgentCallException e) {
      if (!e.unreachable()) throw e;
      URI recorded = recordedUrls.apply(host);
      if (recorded == null || recorded.equals(known)) throw e;
      return call.apply(recorded);
    }
  }
}
