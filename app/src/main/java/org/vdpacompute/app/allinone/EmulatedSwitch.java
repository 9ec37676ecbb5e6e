package org.vdpacompute.app.allinone;

import org.vdpacompute.ovs.OvsdbEndpoint;

/**
 * The offloaded switch the all-in-one's emulated hosts plug their VF representors into: none (the
 * default), an Open vSwitch database server already running ({@code --ovsdb}), or one the
 * all-in-one starts for itself ({@code --with-ovsdb}).
 */
public sealed interface EmulatedSwitch {
  EmulatedSwitch NONE = new None();
  EmulatedSwitch STARTED = new Started();

  /** The hosts plug nothing ({@code [ovs] plug = false}). */
  record None() implements EmulatedSwitch {}

  /** A running {@code ovsdb-server}, at {@code unix:PATH} or {@code tcp:HOST:PORT}. */
  record Running(OvsdbEndpoint endpoint) implements EmulatedSwitch {}

  /** {@code ovsdb-server} started as a child process on {@code DIR/ovsdb/conf.db}. */
  record Started() implements EmulatedSwitch {}
}
