package org.vdpacompute.core.pci.pool;

import java.util.List;
import java.util.Objects;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;

/**
 * The available devices of one host that share a {@link PoolKey}, counted per PF group: VFs and
 * vDPA devices by their parent PF, a PF by its own address, anything not tied to a tracked PF in
 * the group {@code null}. Groups are what let a count-based fitting respect the PF/VF tree.
 */
public record Pool(PoolKey key, List<Group> groups, int count) {

  /** {@code count} available devices of the pool under PF {@code pf} (null: not under a tracked PF). */
  public record Group(PciAddress pf, int count) {
    public Group {
      if (count < 1) {
        throw new InvalidValueException("a pool group of " + pf + " must hold a device, not " + count);
      }
    }
  }

  public Pool {
    Objects.requireNonNull(key, "key");
    groups = List.copyOf(groups);
    int sum = sum(groups);
    if (sum != count) {
      throw new InvalidValueException("pool " + key + " counts " + count + " but its groups hold " + sum);
    }
  }

  public Pool(PoolKey key, List<Group> groups) {
    this(key, groups, sum(groups));
  }

  private static int sum(List<Group> groups) {
    int sum = 0;
    for (int i = 0; i < groups.size(); i++) sum += groups.get(i).count();
    return sum;
  }

  /** Devices available in group {@code pf}, 0 when the group is absent. */
  public int countIn(PciAddress pf) {
    for (Group g : groups) {
      if (Objects.equals(g.pf(), pf)) return g.count();
    }
    return 0;
  }
}
