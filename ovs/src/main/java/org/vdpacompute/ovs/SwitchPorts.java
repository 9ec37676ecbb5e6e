package org.vdpacompute.ovs;

import java.util.List;

/**
 * The offloaded switch as the compute agent sees it: the VF representors of this host's ports in
 * one bridge. Every operation is idempotent and checks at commit what it read, so an agent that
 * plugs again after a restart, or two agents racing, never duplicate or overwrite an interface.
 * {@link #of} gives the OVSDB implementation or, with {@code [ovs] plug = false}, one that leaves
 * the switch alone.
 */
public interface SwitchPorts {

  /**
   * Adds the binding's representor to the bridge as a Port with one Interface carrying the port's
   * {@code external_ids}; an interface already there for this representor gets them.
   *
   * @throws RepresentorInUseException if the representor is a port of another bridge
   * @throws SwitchUnreachableException if the switch's database does not answer in time
   */
  PlugOutcome plug(PortBinding binding);

  /**
   * Removes the representor's Port from the bridge if it serves {@code portId}; a representor that
   * serves another port now, or is not in the bridge, is left as it is.
   */
  UnplugOutcome unplug(String representor, String portId);

  /** The interfaces of the bridge that carry a port's binding, ordered by representor. */
  List<PortBinding> plugged();

  /** Whether the switch answers and has the bridge; never throws, never waits past its timeout. */
  SwitchHealth health();

  /** The switch at {@code settings.endpoint()} when {@code settings.plug()}, else a no-op. */
  static SwitchPorts of(SwitchSettings settings) {
    return settings.plug() ? new OvsdbSwitchPorts(settings) : new UnmanagedSwitch(settings.bridge());
  }
}
