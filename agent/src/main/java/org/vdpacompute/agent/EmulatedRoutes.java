package org.vdpacompute.agent;

import io.javalin.Javalin;
import java.util.UUID;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.emulated.MigratingGuest;
import org.vdpacompute.virt.guest.Xml;

/**
 * What only an emulated host's agent serves: the destination's half of a live migration between
 * emulated hosts ({@code PUT /guests/{uuid}/incoming}, the guest another agent hands over), and the
 * failures tests arm ({@code POST /faults}). An agent of any other host has no such routes.
 */
final class EmulatedRoutes implements HostRoutes {
  static final String INCOMING_PATTERN = AgentPaths.GUEST_PATTERN + "/incoming";
  static final String FAULTS = AgentPaths.ROOT + "/faults";

  private final EmulatedHypervisor host;

  EmulatedRoutes(EmulatedHypervisor host) {
    this.host = host;
  }

  /** The path where the emulated host of an agent takes a guest {@code uuid} handed over. */
  static String incoming(UUID uuid) {
    return AgentPaths.guest(uuid) + "/incoming";
  }

  @Override
  public void addTo(Javalin app) {
    app.put(INCOMING_PATTERN, ctx -> {
      UUID uuid = AgentServer.uuid(ctx);
      MigratingGuest guest = RequestBodies.read(ctx.body(), MigratingGuest.class, "a migrating guest");
      if (!guest.uuid().equals(uuid)) {
        throw new InvalidValueException("the migrating guest is " + guest.uuid() + ", not " + uuid);
      }
      // Refused here, as the caller's mistake, rather than as the hypervisor's failure.
      Xml.parse(guest.domainXml(), "the incoming guest's domain XML");
      host.acceptIncoming(guest);
      ctx.status(204);
    });
    app.post(FAULTS, ctx -> {
      Fault fault = RequestBodies.read(ctx.body(), Fault.class, "a fault");
      host.failNext(GuestOperation.fromApiName(fault.operation()), fault.reason());
      ctx.status(204);
    });
  }

  /** What the emulated host is to fail next ({@link EmulatedHypervisor#failNext}). */
  record Fault(String operation, String reason) {
    Fault {
      if (operation == null || reason == null || reason.isBlank()) {
        throw new InvalidValueException("a fault needs an operation and a reason");
      }
    }
  }
}
