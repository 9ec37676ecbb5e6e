package org.vdpacompute.virt;

import java.util.List;
import java.util.UUID;

/**
 * Guests of one host and their power state. Guests are named by instance UUID, which the domain XML
 * carries as its {@code <uuid>}. An operation on a guest that is not defined throws {@link
 * GuestNotFoundException}; one the guest's state forbids ({@link GuestOperation}) throws {@link
 * GuestStateException}; one the hypervisor fails throws {@link HypervisorOperationException}.
 */
public interface GuestLifecycle {

  /** Defines a new guest from its domain XML and starts it. */
  void defineAndStart(UUID instance, String domainXml);

  /** Powers the guest off; it stays defined. */
  void stop(UUID instance);

  /** Starts a shut-off guest, or restores a saved one. */
  void start(UUID instance);

  void reboot(UUID instance);

  /** Pauses the guest's vCPUs, keeping its memory and devices on the host. */
  void suspend(UUID instance);

  /** Runs a paused guest again. */
  void resume(UUID instance);

  /** Writes the guest's memory to disk and stops it (for shelve); {@link #start} restores it. */
  void save(UUID instance);

  /** Powers the guest off if needed and undefines it: it is gone from the host. */
  void destroy(UUID instance);

  /** Every guest defined on the host, running or not, ordered by UUID. */
  List<GuestInfo> listGuests();

  GuestInfo guest(UUID instance);

  /** The guest's current domain XML, including devices hot-plugged since it started. */
  String domainXml(UUID instance);

  /**
   * What the guest wrote to its serial console, from the end of its log: at most {@link
   * #MAX_CONSOLE_BYTES}, as Nova reads it; empty when it has written nothing yet.
   */
  String consoleLog(UUID instance);

  /** How much of a console log is read, from its end: Nova's {@code MAX_CONSOLE_BYTES}. */
  int MAX_CONSOLE_BYTES = 100 * 1024;
}
