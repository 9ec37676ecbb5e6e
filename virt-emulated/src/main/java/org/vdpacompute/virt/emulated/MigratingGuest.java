package org.vdpacompute.virt.emulated;

import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestState;

/**
 * A guest on its way from one emulated host to another: what the source hands over and the
 * destination defines. It is plain data, so agents in different processes can carry it.
 *
 * @param domainXml the domain XML the guest is to have on the destination
 * @param state the state the guest keeps there, running or paused
 */
public record MigratingGuest(UUID uuid, String sourceHost, String domainXml, GuestState state) {
  public MigratingGuest {
    if (uuid == null || sourceHost == null || domainXml == null || state == null) {
      throw new InvalidValueException("migrating guest " + uuid + " needs its source, XML and state");
    }
    if (!state.isActive()) {
      throw new InvalidValueException("guest " + uuid + " is " + state + "; only a live guest migrates live");
    }
  }

  /** The same guest with the domain XML chosen for the destination (its devices and placement). */
  public MigratingGuest withDomainXml(String xml) {
    return new MigratingGuest(uuid, sourceHost, xml, state);
  }
}
