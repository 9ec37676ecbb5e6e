package org.vdpacompute.core.pci.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.RequestSpec;
import org.vdpacompute.core.pci.request.VnicType;

class FitQueryTest {
  private static final VendorProduct NIC_PF = new VendorProduct("15b3", "101d");
  private static final VendorProduct NIC_VF = new VendorProduct("15b3", "101e");
  private static final VendorProduct GPU = new VendorProduct("10de", "20b5");
  private static final PciAddress PF_A = PciAddress.parse("0000:06:00.0");
  private static final PciAddress PF_B = PciAddress.parse("0000:07:00.0");
  private static final Map<String, String> PHYSNET4 = Map.of("physical_network", "physnet4");

  private static Pool pool(VendorProduct ids, DevType type, Integer numa, Map<String, String> tags, Pool.Group... groups) {
    return new Pool(PoolKey.of(ids, type, numa, null, tags), List.of(groups));
  }

  private static Pool.Group group(PciAddress pf, int count) {
    return new Pool.Group(pf, count);
  }

  private static PciRequest port(VnicType type) {
    return port(type, "physnet4", null);
  }

  private static PciRequest port(VnicType type, String physnet, NumaPolicy policy) {
    String id = UUID.randomUUID().toString();
    return PortRequests.forPort(id, "port-" + id, type, physnet, TrustedMode.NOT_ASKED, policy, null).orElseThrow();
  }

  private static PciRequest alias(int count, NumaPolicy policy, Map<String, String>... specs) {
    return new PciRequest(UUID.randomUUID().toString(), null, "a", count,
        java.util.Arrays.stream(specs).map(RequestSpec::new).toList(), policy);
  }

  @Test
  void aDirectPhysicalAndAVdpaPortFitOnlyWithTwoPfs() {
    HostPools onePf = HostPools.of(List.of(
        pool(NIC_PF, DevType.PF, 0, PHYSNET4, group(PF_A, 1)),
        pool(NIC_VF, DevType.VDPA, 0, PHYSNET4, group(PF_A, 4))));
    FitQuery both = FitQuery.of(List.of(port(VnicType.DIRECT_PHYSICAL), port(VnicType.VDPA)));
    assertThat(both.fits(onePf, null)).isFalse();
    assertThat(both.plan(onePf, null)).isEmpty();

    HostPools twoPfs = HostPools.of(List.of(
        pool(NIC_PF, DevType.PF, 0, PHYSNET4, group(PF_A, 1), group(PF_B, 1)),
        pool(NIC_VF, DevType.VDPA, 0, PHYSNET4, group(PF_A, 4), group(PF_B, 4))));
    FitPlan plan = both.plan(twoPfs, null).orElseThrow();
    PciAddress wholePf = plan.assignments().get(0).takes().get(0).group();
    PciAddress vdpaParent = plan.assignments().get(1).takes().get(0).group();
    assertThat(wholePf).isNotEqualTo(vdpaParent);
    HostPools after = twoPfs.apply(plan);
    assertThat(after.totalAvailable()).as("both PFs gone, the taken PF's VFs gone, one VF of the other taken").isEqualTo(3);
  }

  @Test
  void poolsWhoseEntriesCarryFewerTagsServeFirstSoAPlainPortLeavesTheTrustedVf() {
    // Issue 21: the lowest address (the trusted VF's pool, listed first) served the plain port, and
    // the trusted port that came next found no host.
    Map<String, String> trusted = Map.of("physical_network", "physnet4", "trusted", "true");
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VF, 0, trusted, group(PF_A, 1)),
        pool(NIC_VF, DevType.VF, 0, PHYSNET4, group(PF_A, 1))));
    assertThat(host.pools()).extracting(p -> p.key().tags().get("trusted")).containsExactly(null, "true");
    FitPlan plain = FitQuery.of(List.of(port(VnicType.DIRECT))).plan(host, null).orElseThrow();
    assertThat(plain.assignments().get(0).takes()).singleElement()
        .satisfies(t -> assertThat(t.key().tags()).doesNotContainKey("trusted"));
    PciRequest trustedPort = PortRequests.forPort("t", "port-t", VnicType.DIRECT, "physnet4", TrustedMode.TRUSTED,
        null, null).orElseThrow();
    assertThat(FitQuery.of(List.of(trustedPort)).fits(host.apply(plain), null)).isTrue();
    FitPlan both = FitQuery.of(List.of(port(VnicType.DIRECT), trustedPort)).plan(host, null).orElseThrow();
    assertThat(both.assignments().get(0).takes().get(0).key().tags()).doesNotContainKey("trusted");
  }

  @Test
  void requestsThatFitOneAtATimeTakeAsNovaTakesThemFewerTagsFirstEachFromWhatTheOnesBeforeLeft() {
    // Found by the differential test against Nova: fitted together, the PF of the card whose vDPA
    // pool carries fewer tags was taken whole, and the vdpa port took the more specific pool.
    Pool vdpaA = pool(NIC_VF, DevType.VDPA, 0, Map.of(), group(PF_A, 1));
    Pool vdpaB = new Pool(PoolKey.of(NIC_VF, DevType.VDPA, 0, "enp7s0f0", Map.of()), List.of(group(PF_B, 2)));
    Pool pfs = pool(NIC_PF, DevType.PF, 0, Map.of(), group(PF_A, 1), group(PF_B, 1));
    HostPools host = HostPools.of(List.of(vdpaB, pfs, vdpaA));
    FitPlan plan = FitQuery.of(List.of(port(VnicType.VDPA, null, null), port(VnicType.DIRECT_PHYSICAL, null, null)))
        .plan(host, null).orElseThrow();
    assertThat(plan.assignments().get(0).takes()).singleElement().satisfies(t -> assertThat(t.group()).isEqualTo(PF_A));
    assertThat(plan.assignments().get(1).takes()).singleElement().satisfies(t -> assertThat(t.group()).isEqualTo(PF_B));
  }

  @Test
  void aFlavorsAliasRequestsTakeBeforeThePortsAsNovaMakesThemInThatOrder() {
    // Found by the differential test: the port took the pool with fewer tags, the alias after it
    // the other; Nova fits the alias first.
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VF, 0, PHYSNET4, group(PF_A, 2)),
        new Pool(PoolKey.of(NIC_VF, DevType.VF, 0, "enp7s0f0", PHYSNET4), List.of(group(PF_B, 2)))));
    PciRequest twoVfs = alias(2, null, Map.of("dev_type", "type-VF"));
    FitPlan plan = FitQuery.of(List.of(port(VnicType.DIRECT), twoVfs)).plan(host, null).orElseThrow();
    assertThat(plan.assignments().get(0).request().requesterId()).as("the plan lists the requests as given").isNotNull();
    assertThat(plan.assignments().get(0).takes()).singleElement().satisfies(t -> assertThat(t.group()).isEqualTo(PF_B));
    assertThat(plan.assignments().get(1).takes()).singleElement().satisfies(t -> {
      assertThat(t.group()).isEqualTo(PF_A);
      assertThat(t.count()).isEqualTo(2);
    });
  }

  @Test
  void aPfRequestTakesFromThePfPoolWithFewerTagsFirst() {
    // The PF of the tagged pool has fewer children to lose, but the untagged pool serves first.
    HostPools host = HostPools.of(List.of(
        pool(NIC_PF, DevType.PF, 0, PHYSNET4, group(PF_A, 1)),
        pool(NIC_PF, DevType.PF, 0, Map.of(), group(PF_B, 1)),
        pool(NIC_VF, DevType.VF, 0, Map.of(), group(PF_B, 3))));
    PciRequest anyPf = alias(1, null, Map.of("dev_type", "type-PF"));
    FitPlan plan = FitQuery.of(List.of(anyPf)).plan(host, null).orElseThrow();
    assertThat(plan.assignments().get(0).takes()).singleElement().satisfies(t -> assertThat(t.group()).isEqualTo(PF_B));
  }

  @ParameterizedTest
  @EnumSource(value = NumaPolicy.class, names = {"LEGACY", "PREFERRED", "SOCKET"})
  void aDeviceOnTheGuestsNodeServesBeforeOneOfNoNodeWhateverTheirTags(NumaPolicy policy) {
    // Found by the differential test: Nova takes from the guest's nodes first when they hold
    // enough, and only then from devices of no node, in the pools' order.
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VDPA, null, PHYSNET4, group(PF_A, 1)),
        new Pool(PoolKey.of(NIC_VF, DevType.VDPA, 0, "enp7s0f0", PHYSNET4), List.of(group(PF_B, 1)))));
    FitPlan plan = FitQuery.of(List.of(port(VnicType.VDPA, "physnet4", policy)))
        .plan(host, new NumaPlacement(java.util.Set.of(0), Map.of(0, 0))).orElseThrow();
    assertThat(plan.assignments().get(0).takes()).singleElement().satisfies(t -> assertThat(t.group()).isEqualTo(PF_B));
  }

  @Test
  void aLegacyRequestThatTheGuestsNodeCannotServeAloneTakesThePoolsInTheirOrder() {
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VDPA, null, PHYSNET4, group(PF_A, 1)),
        new Pool(PoolKey.of(NIC_VF, DevType.VDPA, 0, "enp7s0f0", PHYSNET4), List.of(group(PF_B, 1)))));
    PciRequest two = alias(2, NumaPolicy.LEGACY, Map.of("dev_type", "vdpa"));
    FitPlan plan = FitQuery.of(List.of(two)).plan(host, new NumaPlacement(java.util.Set.of(0), Map.of())).orElseThrow();
    assertThat(plan.assignments().get(0).takes()).extracting(FitPlan.Take::group).containsExactly(PF_A, PF_B);
  }

  @Test
  void aPoolsRankCountsItsTagsAndParentInterfaceAndRemoteManagedOnlyForNetworkFunctions() {
    assertThat(PoolKey.of(NIC_VF, DevType.VF, 0, null, PHYSNET4).rank()).isEqualTo(2);
    assertThat(PoolKey.of(NIC_VF, DevType.VF, 0, "enp6s0f0", PHYSNET4).rank()).isEqualTo(3);
    assertThat(PoolKey.of(GPU, DevType.PCI, 0, null, Map.of()).rank()).isZero();
    assertThat(PoolKey.of(GPU, DevType.PCI, 0, null, Map.of()).tags()).isEmpty();
  }

  @Test
  void anEarlierRequestDoesNotStarveALaterOneThatHasFewerChoices() {
    HostPools host = HostPools.of(List.of(
        pool(GPU, DevType.PCI, 0, Map.of(), group(null, 1)),
        pool(NIC_VF, DevType.VF, 0, PHYSNET4, group(PF_A, 1))));
    PciRequest anything = alias(1, null, Map.of());
    PciRequest nicOnly = alias(1, null, Map.of("vendor_id", "15b3"));
    FitQuery query = FitQuery.of(List.of(anything, nicOnly));
    FitPlan plan = query.plan(host, null).orElseThrow();
    assertThat(plan.assignments().get(1).takes()).singleElement()
        .satisfies(t -> assertThat(t.key().ids()).isEqualTo(NIC_VF));
    assertThat(plan.assignments().get(0).takes()).singleElement()
        .satisfies(t -> assertThat(t.key().ids()).isEqualTo(GPU));
  }

  @Test
  void aRequestMaySpreadOverSeveralPools() {
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VDPA, 0, PHYSNET4, group(PF_A, 1)),
        pool(NIC_VF, DevType.VDPA, 1, PHYSNET4, group(PF_B, 1))));
    PciRequest two = alias(2, null, Map.of("dev_type", "vdpa"));
    assertThat(FitQuery.of(List.of(two)).fits(host, null)).isTrue();
    assertThat(FitQuery.of(List.of(alias(3, null, Map.of("dev_type", "vdpa")))).fits(host, null)).isFalse();
  }

  @Test
  void pfVdpaAndRemoteManagedPoolsServeOnlyRequestsThatAskForThem() {
    HostPools host = HostPools.of(List.of(
        pool(NIC_PF, DevType.PF, 0, PHYSNET4, group(PF_A, 1)),
        pool(NIC_VF, DevType.VDPA, 0, PHYSNET4, group(PF_A, 2)),
        pool(NIC_VF, DevType.VF, 0, Map.of("physical_network", "physnet4", "remote_managed", "true"), group(PF_B, 2))));
    PciRequest any = alias(1, null, Map.of());
    assertThat(FitQuery.of(List.of(any)).fits(host, null)).isFalse();
    assertThat(FitQuery.of(List.of(port(VnicType.DIRECT))).fits(host, null)).isFalse();
    assertThat(FitQuery.of(List.of(port(VnicType.REMOTE_MANAGED))).fits(host, null)).isTrue();
    assertThat(FitQuery.of(List.of(port(VnicType.VDPA))).fits(host, null)).isTrue();
    assertThat(FitQuery.of(List.of(port(VnicType.DIRECT_PHYSICAL))).fits(host, null)).isTrue();
  }

  @Test
  void tagValuesCompareCaseInsensitivelyWithBooleansNormalised() {
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VF, 0, Map.of("physical_network", "PhysNet4", "trusted", "True"), group(PF_A, 1))));
    PciRequest trusted = new PciRequest("r", "p", null, 1, List.of(new RequestSpec(
        Map.of("dev_type", "type-VF", "physical_network", "physnet4", "trusted", "true"))), null);
    assertThat(FitQuery.of(List.of(trusted)).fits(host, null)).isTrue();
  }

  @Test
  void aKeyMissingFromThePoolComparesAsNull() {
    HostPools noPhysnet = HostPools.of(List.of(pool(NIC_VF, DevType.VDPA, 0, Map.of(), group(PF_A, 1))));
    assertThat(FitQuery.of(List.of(port(VnicType.VDPA, null, null))).fits(noPhysnet, null)).isTrue();
    assertThat(FitQuery.of(List.of(port(VnicType.VDPA, "physnet4", null))).fits(noPhysnet, null)).isFalse();
    HostPools physnet = HostPools.of(List.of(pool(NIC_VF, DevType.VDPA, 0, PHYSNET4, group(PF_A, 1))));
    assertThat(FitQuery.of(List.of(port(VnicType.VDPA, null, null))).fits(physnet, null)).isFalse();
  }

  @Test
  void numaPoliciesApplyOnlyToGuestsWithANumaTopology() {
    HostPools host = HostPools.of(List.of(
        pool(NIC_VF, DevType.VDPA, 1, PHYSNET4, group(PF_B, 1)),
        pool(NIC_VF, DevType.VDPA, null, PHYSNET4, group(PF_A, 1))));
    NumaPlacement onNode0 = new NumaPlacement(java.util.Set.of(0), Map.of(0, 0, 1, 0));
    PciRequest required = alias(1, NumaPolicy.REQUIRED, Map.of("dev_type", "vdpa"));
    PciRequest legacy = alias(2, NumaPolicy.LEGACY, Map.of("dev_type", "vdpa"));
    PciRequest legacyOne = alias(1, NumaPolicy.LEGACY, Map.of("dev_type", "vdpa"));
    PciRequest preferred = alias(2, NumaPolicy.PREFERRED, Map.of("dev_type", "vdpa"));
    PciRequest socket = alias(1, NumaPolicy.SOCKET, Map.of("dev_type", "vdpa"));

    assertThat(FitQuery.of(List.of(required)).fits(host, null)).as("no guest topology").isTrue();
    assertThat(FitQuery.of(List.of(required)).fits(host, onNode0)).isFalse();
    assertThat(FitQuery.of(List.of(legacyOne)).fits(host, onNode0)).as("a device with no NUMA node").isTrue();
    assertThat(FitQuery.of(List.of(legacy)).fits(host, onNode0)).isFalse();
    assertThat(FitQuery.of(List.of(preferred)).fits(host, onNode0)).as("falls back to any node").isTrue();
    assertThat(FitQuery.of(List.of(preferred)).plan(host, onNode0)).isPresent();
    assertThat(FitQuery.of(List.of(socket)).fits(host, onNode0)).as("node 1 shares socket 0").isTrue();
    NumaPlacement otherSockets = new NumaPlacement(java.util.Set.of(0), Map.of(0, 0, 1, 1));
    assertThat(FitQuery.of(List.of(socket)).fits(host, otherSockets)).isFalse();
    assertThat(FitQuery.of(List.of(required)).fits(host, NumaPlacement.onNodes(1))).isTrue();
  }

  @Test
  void childrenAreTakenFromBrokenPfsBeforeWholeOnes() {
    HostPools host = HostPools.of(List.of(
        pool(NIC_PF, DevType.PF, 0, PHYSNET4, group(PF_A, 1)),
        pool(NIC_VF, DevType.VDPA, 0, PHYSNET4, group(PF_A, 4), group(PF_B, 3))));
    FitPlan plan = FitQuery.of(List.of(port(VnicType.VDPA))).plan(host, null).orElseThrow();
    assertThat(plan.assignments().get(0).takes()).singleElement()
        .satisfies(t -> assertThat(t.group()).isEqualTo(PF_B));
    assertThat(FitQuery.of(List.of(port(VnicType.DIRECT_PHYSICAL))).fits(host.apply(plan), null)).isTrue();
  }

  @Test
  void noRequestsAlwaysFit() {
    assertThat(FitQuery.of(List.of()).fits(HostPools.EMPTY, null)).isTrue();
    assertThat(FitQuery.of(List.of(port(VnicType.VDPA))).fits(HostPools.EMPTY, null)).isFalse();
  }
}
