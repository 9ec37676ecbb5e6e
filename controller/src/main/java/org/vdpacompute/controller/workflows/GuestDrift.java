package org.vdpacompute.controller.workflows;

import org.vdpacompute.agent.protocol.GuestRunState;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.controller.model.VmState;

/**
 * How a host's guest differs from what an idle server's record says of it, and what the power state
 * sync makes of that: Nova's {@code _sync_instance_power_state}, with one difference. Nova only logs
 * an ACTIVE server whose guest is not found ("Ignore"), since a restarting hypervisor may list none
 * for a while; here a host's agent that answers lists what its hypervisor defines, and a server whose
 * guest is gone or unreadable can do nothing but fail (a stop, a suspend, a live migration), so it is
 * put in ERROR with why, for a HARD reboot to define the guest again or a delete.
 */
enum GuestDrift {
  /** The guest is as the record says, or differs as Nova lets it (a running server's guest paused). */
  NONE,
  /** The host defines no guest of the server. */
  MISSING,
  /** The host's guest of the server cannot be read ({@link GuestRunState#BROKEN}). */
  BROKEN,
  /** An ACTIVE server's guest is shut off: the server is stopped, as Nova's sync stops it. */
  SHUT_OFF,
  /** A STOPPED server's guest runs: it is powered off, as Nova's sync force-stops it. */
  RUNNING_WHILE_STOPPED;

  /** @param guest the host's guest of the server, null when it lists none */
  static GuestDrift of(VmState recorded, GuestSummary guest) {
    if (guest == null) return MISSING;
    if (guest.state() == GuestRunState.BROKEN) return BROKEN;
    if (recorded == VmState.ACTIVE && guest.state() == GuestRunState.SHUTOFF) return SHUT_OFF;
    if (recorded == VmState.STOPPED && (guest.state() == GuestRunState.RUNNING || guest.state() == GuestRunState.PAUSED)) {
      return RUNNING_WHILE_STOPPED;
    }
    return NONE;
  }

  /** What the fault of a server this drift puts in ERROR says; null for one that does not. */
  String fault(String server, String host, GuestSummary guest) {
    return switch (this) {
      case MISSING -> "The guest of server " + server + " is not defined on host " + host
          + " any more; a HARD reboot defines it again from the server's record.";
      case BROKEN -> "The guest of server " + server + " on host " + host + " cannot be read: " + guest.reason()
          + "; a HARD reboot defines it again from the server's record.";
      default -> null;
    };
  }
}
