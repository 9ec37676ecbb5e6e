package org.vdpacompute.core.pci.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.core.pci.spec.PciAliasList;
import org.vdpacompute.core.pci.tracker.HostDevices;

class AliasRequestsTest {
  private static final PciAliasList ALIASES = PciAliasList.parse(List.of(
      "{\"name\": \"gpu\", \"vendor_id\": \"10de\", \"product_id\": \"20b5\", \"device_type\": \"type-PCI\", \"numa_policy\": \"required\"}",
      "{\"name\": \"nic\", \"vendor_id\": \"15b3\"}",
      "{\"name\": \"nic-pf\", \"vendor_id\": \"15b3\", \"device_type\": \"type-PF\"}"));

  private static List<PciRequest> parse(String value, NumaPolicy flavor) {
    return AliasRequests.parse(value, ALIASES, flavor, () -> UUID.randomUUID().toString());
  }

  @Test
  void eachAliasBecomesOneRequestWithItsCount() {
    List<PciRequest> requests = parse("gpu:2, nic:1", null);
    assertThat(requests).extracting(PciRequest::aliasName).containsExactly("gpu", "nic");
    assertThat(requests).extracting(PciRequest::count).containsExactly(2, 1);
    assertThat(requests.get(0).specs().get(0).attributes())
        .containsEntry("vendor_id", "10de").containsEntry("dev_type", "type-pci");
    assertThat(parse("nic", null).get(0).count()).isEqualTo(1);
  }

  @Test
  void theFlavorsNumaPolicyWinsOverTheAliass() {
    assertThat(parse("gpu:1", null).get(0).numaPolicy()).isEqualTo(NumaPolicy.REQUIRED);
    assertThat(parse("gpu:1", NumaPolicy.PREFERRED).get(0).numaPolicy()).isEqualTo(NumaPolicy.PREFERRED);
    assertThat(parse("nic:1", null).get(0).numaPolicy()).isEqualTo(NumaPolicy.LEGACY);
  }

  @Test
  void badValuesAreClearErrors() {
    assertThatThrownBy(() -> parse("tpu:1", null)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("pci_passthrough:alias").hasMessageContaining("'tpu' is not defined");
    assertThatThrownBy(() -> parse("gpu:zero", null)).hasMessageContaining("count 'zero'");
    assertThatThrownBy(() -> parse("gpu:0", null)).hasMessageContaining("count '0'");
    assertThatThrownBy(() -> parse("gpu:1:2", null)).hasMessageContaining("is not name:count");
  }

  @Test
  void anAliasWithoutDeviceTypeGetsVfsButNeverVdpaOrPfs() {
    DeviceSpecList specs = DeviceSpecList.parse(List.of("{\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}"));
    VendorProduct pfIds = new VendorProduct("15b3", "101d");
    VendorProduct vfIds = new VendorProduct("15b3", "101e");
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    HostDevices vdpaHost = new HostDevices("h", specs);
    vdpaHost.update(List.of(DeviceReport.pf(pf, pfIds, 0, null),
        DeviceReport.vdpa(PciAddress.parse("0000:06:00.1"), vfIds, pf, 0, new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"))));
    assertThat(FitQuery.of(parse("nic:1", null)).fits(vdpaHost.pools(), null)).isFalse();
    assertThat(FitQuery.of(parse("nic-pf:1", null)).fits(vdpaHost.pools(), null)).isTrue();

    HostDevices vfHost = new HostDevices("h", specs);
    vfHost.update(List.of(DeviceReport.pf(pf, pfIds, 0, null),
        DeviceReport.vf(PciAddress.parse("0000:06:00.1"), vfIds, pf, 0)));
    assertThat(vfHost.claim("vm", "c", parse("nic:1", null), null).devices())
        .singleElement().satisfies(d -> assertThat(d.type()).isEqualTo(DevType.VF));
  }

  @Test
  void theRealSpecParserGivesTheTrackerItsTags() {
    DeviceSpecList specs = DeviceSpecList.parse(List.of(
        "{\"address\": \"0000:06:00.0\", \"physical_network\": \"PhysNet4\", \"trusted\": true}"));
    var tags = specs.tagsOf(new DeviceIdentity(PciAddress.parse("0000:06:00.3"), new VendorProduct("15b3", "101e"),
        DevType.VDPA, PciAddress.parse("0000:06:00.0"), null, null, null));
    assertThat(tags).hasValueSatisfying(t -> assertThat(t).containsAllEntriesOf(
        Map.of("physical_network", "physnet4", "trusted", "true")));
  }
}
