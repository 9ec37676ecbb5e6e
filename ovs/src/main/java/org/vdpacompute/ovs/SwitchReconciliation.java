package org.vdpacompute.ovs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What to change in the bridge so that it holds exactly the representors this host's ports need:
 * after an agent was killed between steps (a plug never sent, an unplug never done) its next start
 * computes this from what the controller says and what the switch has, and applies it. Only
 * interfaces named after one of this host's representors are this host's business; any other
 * port of the bridge (tunnels, patch ports, other plugins' ports) is never touched.
 *
 * @param toUnplug bindings in the bridge that no port of this host needs
 * @param toPlug bindings missing from the bridge, or there with other values
 */
public record SwitchReconciliation(List<PortBinding> toUnplug, List<PortBinding> toPlug) {

  public SwitchReconciliation {
    toUnplug = List.copyOf(toUnplug);
    toPlug = List.copyOf(toPlug);
  }

  /**
   * @param desired the bindings this host's ports need now
   * @param actual what the bridge has ({@link SwitchPorts#plugged()})
   * @param hostRepresentors the names of every VF representor of this host
   */
  public static SwitchReconciliation plan(
      Collection<PortBinding> desired, Collection<PortBinding> actual, Set<String> hostRepresentors) {
    Map<String, PortBinding> wanted = byRepresentor(desired);
    Map<String, PortBinding> present = byRepresentor(actual);
    List<PortBinding> unplug = new ArrayList<>();
    for (PortBinding p : present.values()) {
      if (hostRepresentors.contains(p.representor()) && !wanted.containsKey(p.representor())) {
        unplug.add(p);
      }
    }
    List<PortBinding> plug = new ArrayList<>();
    for (PortBinding w : wanted.values()) {
      if (!w.equals(present.get(w.representor()))) {
        plug.add(w);
      }
    }
    unplug.sort(Comparator.comparing(PortBinding::representor));
    plug.sort(Comparator.comparing(PortBinding::representor));
    return new SwitchReconciliation(unplug, plug);
  }

  public boolean isEmpty() {
    return toUnplug.isEmpty() && toPlug.isEmpty();
  }

  /** Unplugs the strays, then plugs what is missing; each step is idempotent, so a rerun is safe. */
  public void apply(SwitchPorts ports) {
    for (PortBinding stray : toUnplug) {
      ports.unplug(stray.representor(), stray.portId());
    }
    for (PortBinding missing : toPlug) {
      ports.plug(missing);
    }
  }

  private static Map<String, PortBinding> byRepresentor(Collection<PortBinding> bindings) {
    return bindings.stream().collect(Collectors.toMap(PortBinding::representor, Function.identity(), (a, b) -> {
      throw new IllegalArgumentException("representor " + a.representor() + " is bound twice: to port "
          + a.portId() + " and to port " + b.portId());
    }));
  }
}
