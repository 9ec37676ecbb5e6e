package org.vdpacompute.core.pci.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.DeviceWhitelist;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.core.pci.pool.NumaPlacement;
import org.vdpacompute.core.pci.pool.Pool;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.RequestSpec;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * Random hosts (PFs, VFs, vDPA devices, plain PCI devices, NUMA nodes, physical networks, remote
 * managed devices) under random sequences of claim, allocate, free and resync. After every step the
 * tracker's invariants must hold, the fitting must agree with the claim, and the scheduler's view
 * ({@link HostPools#apply}) must agree with the tracker's pools.
 */
class HostDevicesProperties {
  private static final VendorProduct PF_IDS = new VendorProduct("15b3", "101d");
  private static final VendorProduct VF_IDS = new VendorProduct("15b3", "101e");
  private static final VendorProduct GPU_IDS = new VendorProduct("10de", "20b5");
  private static final String[] PHYSNETS = {"physnet1", "physnet2"};

  /** Whitelist: PFs and VFs on the physnet of their PF's bus; buses >= 0x20 remote-managed VFs. */
  private static final DeviceWhitelist WHITELIST = d -> {
    if (d.ids().equals(GPU_IDS)) return Optional.of(Map.of());
    PciAddress pf = d.type() == DevType.PF ? d.address() : d.parentAddress();
    Map<String, String> tags = new HashMap<>();
    tags.put("physical_network", PHYSNETS[pf.bus() % 2]);
    if (d.type() != DevType.PF && pf.bus() >= 0x20) tags.put("remote_managed", "true");
    return Optional.of(tags);
  };

  @Property(tries = 300)
  void invariantsHoldUnderRandomOperations(@ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int steps) {
    Random random = new Random(seed);
    List<DeviceReport> report = randomHost(random);
    HostDevices host = new HostDevices("h", WHITELIST);
    host.update(report);
    List<PciDevice> firstState = host.devices();
    boolean resynced = false;
    Map<String, Set<PciAddress>> held = new HashMap<>();
    int nextInstance = 0;

    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        String instance = "vm-" + nextInstance++;
        List<PciRequest> requests = randomRequests(random);
        NumaPlacement numa = random.nextInt(3) == 0 ? NumaPlacement.onNodes(random.nextInt(2)) : null;
        HostPools before = host.pools();
        Optional<FitPlan> plan = FitQuery.of(requests).plan(before, numa);
        assertThat(FitQuery.of(requests).fits(before, numa)).isEqualTo(plan.isPresent());
        if (plan.isPresent()) {
          PciClaim claim = host.claim(instance, "c-" + instance, plan.get());
          claim.commit();
          assertThat(host.pools()).as("scheduler view after the claim").isEqualTo(before.apply(plan.get()));
          Set<PciAddress> got = new HashSet<>();
          for (PciDevice d : claim.devices()) got.add(d.address());
          assertThat(got).hasSize(claim.devices().size());
          assertNoPfWithItsOwnVf(host, got);
          for (PciRequest r : requests) {
            assertThat(claim.devicesByRequest().get(r.requestId())).hasSize(r.count());
          }
          held.put(instance, got);
        } else {
          List<PciDevice> devicesBefore = host.devices();
          try {
            host.claim(instance, "c-" + instance, requests, numa);
            throw new AssertionError("claim succeeded where the fitting said no");
          } catch (PciClaimFailedException expected) {
            assertThat(host.devices()).isEqualTo(devicesBefore);
          }
        }
      } else if (op < 7 && !held.isEmpty()) {
        String instance = pick(random, held.keySet());
        host.allocate(instance);
      } else if (op < 9 && !held.isEmpty()) {
        String instance = pick(random, held.keySet());
        host.freeInstance(instance);
        held.remove(instance);
      } else {
        report = mutate(random, report);
        host.update(report);
        resynced = true;
      }
      checkInvariants(host, held);
    }
    for (String instance : new ArrayList<>(held.keySet())) host.freeInstance(instance);
    if (resynced) {
      HostDevices fresh = new HostDevices("h", WHITELIST);
      fresh.update(report);
      assertThat(withoutRemoved(host.devices())).isEqualTo(fresh.devices());
      assertThat(host.pools()).isEqualTo(fresh.pools());
    } else {
      assertThat(host.devices()).isEqualTo(firstState);
    }
  }

  private static List<PciDevice> withoutRemoved(List<PciDevice> devices) {
    return devices.stream().filter(d -> d.status() != DeviceStatus.REMOVED).toList();
  }

  private static void checkInvariants(HostDevices host, Map<String, Set<PciAddress>> held) {
    List<PciDevice> devices = host.devices();
    Map<PciAddress, PciDevice> byAddress = new LinkedHashMap<>();
    for (PciDevice d : devices) byAddress.put(d.address(), d);

    Map<PciAddress, String> holder = new HashMap<>();
    held.forEach((instance, addresses) -> {
      for (PciAddress a : addresses) {
        assertThat(holder.put(a, instance)).as("device %s held by two instances", a).isNull();
      }
    });
    for (PciDevice d : devices) {
      assertThat(d.instanceUuid()).as("holder of %s", d.address()).isEqualTo(holder.get(d.address()));
      assertThat(d.status().isHeld()).isEqualTo(d.instanceUuid() != null);
      PciDevice parent = d.parentAddress() == null ? null : byAddress.get(d.parentAddress());
      if (parent != null && parent.status() != DeviceStatus.REMOVED && d.status() != DeviceStatus.REMOVED) {
        if (d.status().isHeld()) {
          assertThat(parent.status()).as("PF of held %s", d.address()).isIn(DeviceStatus.UNCLAIMABLE, DeviceStatus.UNAVAILABLE);
        }
        if (parent.status().isHeld()) {
          assertThat(d.status()).as("VF %s of held PF", d.address()).isIn(DeviceStatus.UNCLAIMABLE, DeviceStatus.UNAVAILABLE);
        }
        if (d.status() == DeviceStatus.ALLOCATED) {
          assertThat(parent.status()).isEqualTo(DeviceStatus.UNAVAILABLE);
        }
      }
    }
    Map<Object, Integer> availableByKey = new HashMap<>();
    int available = 0;
    for (PciDevice d : devices) {
      if (d.status() == DeviceStatus.AVAILABLE) available++;
    }
    int pooled = 0;
    for (Pool p : host.pools().pools()) {
      pooled += p.count();
      availableByKey.merge(p.key(), p.count(), Integer::sum);
    }
    assertThat(pooled).as("pool counts equal available devices").isEqualTo(available);
    assertThat(availableByKey).hasSize(host.pools().pools().size());
  }

  private static void assertNoPfWithItsOwnVf(HostDevices host, Set<PciAddress> got) {
    for (PciAddress a : got) {
      PciDevice d = host.device(a).orElseThrow();
      if (d.parentAddress() != null) {
        assertThat(got).as("an instance got PF %s and its VF %s", d.parentAddress(), a).doesNotContain(d.parentAddress());
      }
    }
  }

  private static List<DeviceReport> randomHost(Random random) {
    List<DeviceReport> reports = new ArrayList<>();
    int pfs = 1 + random.nextInt(3);
    for (int p = 0; p < pfs; p++) {
      int bus = (random.nextBoolean() ? 0x06 : 0x21) + 2 * p + random.nextInt(2);
      PciAddress pf = new PciAddress(0, bus, 0, 0);
      int numa = random.nextInt(2);
      reports.add(DeviceReport.pf(pf, PF_IDS, numa, random.nextBoolean() ? "enp" + bus : null));
      int vfs = random.nextInt(5);
      for (int v = 0; v < vfs; v++) {
        PciAddress vf = new PciAddress(0, bus, 1, v);
        reports.add(random.nextBoolean()
            ? DeviceReport.vf(vf, VF_IDS, pf, numa)
            : DeviceReport.vdpa(vf, VF_IDS, pf, numa, new VdpaDevice("vdpa" + bus + v, "/dev/vhost-vdpa-" + bus + v)));
      }
    }
    int gpus = random.nextInt(3);
    for (int g = 0; g < gpus; g++) {
      reports.add(DeviceReport.pci(new PciAddress(0, 0x80 + g, 0, 0), GPU_IDS, random.nextBoolean() ? null : g % 2));
    }
    return reports;
  }

  /** Removes a device, turns a VF into a vDPA device or back, or brings back a full new host. */
  private static List<DeviceReport> mutate(Random random, List<DeviceReport> report) {
    List<DeviceReport> next = new ArrayList<>(report);
    if (next.isEmpty() || random.nextInt(4) == 0) return randomHost(random);
    int i = random.nextInt(next.size());
    DeviceReport r = next.get(i);
    switch (random.nextInt(3)) {
      case 0 -> {
        next.remove(i);
        if (r.type() == DevType.PF) next.removeIf(c -> r.address().equals(c.parentAddress()));
      }
      case 1 -> {
        if (r.type() == DevType.VF) {
          next.set(i, DeviceReport.vdpa(r.address(), r.ids(), r.parentAddress(), r.numaNode(),
              new VdpaDevice("vdpa-x" + i, "/dev/vhost-vdpa-9" + i)));
        } else if (r.type() == DevType.VDPA) {
          next.set(i, DeviceReport.vf(r.address(), r.ids(), r.parentAddress(), r.numaNode()));
        }
      }
      default -> {
        if (r.type() == DevType.PCI) next.set(i, DeviceReport.pci(r.address(), r.ids(), r.numaNode() == null ? 1 : null));
      }
    }
    return next;
  }

  private static List<PciRequest> randomRequests(Random random) {
    List<PciRequest> requests = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String id = "r" + i + "-" + random.nextInt(1_000_000);
      int kind = random.nextInt(8);
      NumaPolicy policy = NumaPolicy.values()[random.nextInt(NumaPolicy.values().length)];
      if (kind < 6) {
        VnicType type = new VnicType[] {VnicType.VDPA, VnicType.DIRECT, VnicType.DIRECT_PHYSICAL,
            VnicType.REMOTE_MANAGED, VnicType.MACVTAP, VnicType.VDPA}[kind];
        String physnet = random.nextInt(8) == 0 ? null : PHYSNETS[random.nextInt(2)];
        requests.add(PortRequests.forPort(id, "port-" + id, type, physnet, TrustedMode.NOT_ASKED, policy, null).orElseThrow());
      } else if (kind == 6) {
        requests.add(new PciRequest(id, null, "gpu", 1 + random.nextInt(2),
            List.of(new RequestSpec(Map.of("vendor_id", "10de"))), policy));
      } else {
        requests.add(new PciRequest(id, null, "any", 1 + random.nextInt(2),
            List.of(new RequestSpec(Map.of()), new RequestSpec(Map.of("dev_type", "type-PF"))), policy));
      }
    }
    return requests;
  }

  private static String pick(Random random, Set<String> keys) {
    List<String> list = new ArrayList<>(keys);
    list.sort(null);
    return list.get(random.nextInt(list.size()));
  }
}
