package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;

/** Laws of address matching that hold for every address. */
class AddressPatternProperties {

  @Provide
  Arbitrary<PciAddress> addresses() {
    return Combinators.combine(
            Arbitraries.integers().between(0, PciAddress.MAX_DOMAIN),
            Arbitraries.integers().between(0, PciAddress.MAX_BUS),
            Arbitraries.integers().between(0, PciAddress.MAX_SLOT),
            Arbitraries.integers().between(0, PciAddress.MAX_FUNCTION))
        .as(PciAddress::new);
  }

  /** Which of the four fields a pattern leaves as a wildcard, as a bit mask. */
  @Provide
  Arbitrary<Integer> wildcards() {
    return Arbitraries.integers().between(0, 15);
  }

  private static String glob(PciAddress a, int wildcards) {
    String[] parts = a.toString().split("[:.]");
    for (int i = 0; i < 4; i++) {
      if ((wildcards & (1 << i)) != 0) {
        parts[i] = "*";
      }
    }
    return parts[0] + ":" + parts[1] + ":" + parts[2] + "." + parts[3];
  }

  @Property
  void globOfAnAddressWithAnyFieldsWildcardedMatchesIt(
      @ForAll("addresses") PciAddress a, @ForAll("wildcards") int wildcards) {
    assertThat(GlobAddress.parse(glob(a, wildcards)).matches(a)).isTrue();
  }

  @Property
  void fullGlobMatchesExactlyItsOwnAddress(
      @ForAll("addresses") PciAddress a, @ForAll("addresses") PciAddress b) {
    GlobAddress glob = GlobAddress.parse(a.toString());
    assertThat(glob.single()).contains(a);
    assertThat(glob.matches(b)).isEqualTo(a.equals(b));
  }

  @Property
  void canonicalGlobParsesToItself(@ForAll("addresses") PciAddress a, @ForAll("wildcards") int w) {
    GlobAddress glob = GlobAddress.parse(glob(a, w));
    assertThat(GlobAddress.parse(glob.toString())).isEqualTo(glob);
  }

  @Property
  void regexOfPlainFieldsBehavesAsTheFullGlob(
      @ForAll("addresses") PciAddress a, @ForAll("addresses") PciAddress b) {
    String[] parts = a.toString().split("[:.]");
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> keys = List.of("domain", "bus", "slot", "function");
    for (int i = 0; i < 4; i++) {
      fields.put(keys.get(i), parts[i]);
    }
    RegexAddress regex = RegexAddress.parse(fields);
    assertThat(regex.single()).contains(a);
    assertThat(regex.matches(b)).isEqualTo(GlobAddress.parse(a.toString()).matches(b));
  }

  @Property
  void vfIsSelectedByItsParentsExactAddressWhereverItSits(
      @ForAll("addresses") PciAddress pf, @ForAll("addresses") PciAddress vf) {
    DeviceIdentity child =
        new DeviceIdentity(vf, new VendorProduct("15b3", "101e"), DevType.VF, pf, null, null, null);
    DeviceSpecList list = DeviceSpecList.parse(List.of("{\"address\": \"" + pf + "\"}"));
    assertThat(list.tagsOf(child)).isPresent();
  }

  @Property
  void booleanTagsNormaliseTheSameWhateverTheirCase(
      @ForAll boolean value, @ForAll("caseMasks") int upperMask) {
    StringBuilder spelled = new StringBuilder(String.valueOf(value));
    for (int i = 0; i < spelled.length(); i++) {
      if ((upperMask & (1 << i)) != 0) {
        spelled.setCharAt(i, Character.toUpperCase(spelled.charAt(i)));
      }
    }
    DeviceIdentity any = Devices.refVf(1);
    Optional<Map<String, String>> fromJson =
        DeviceSpecList.parse(List.of("{\"trusted\": " + value + "}")).tagsOf(any);
    Optional<Map<String, String>> fromText =
        DeviceSpecList.parse(List.of("{\"trusted\": \"" + spelled + "\"}")).tagsOf(any);
    assertThat(fromText).isEqualTo(fromJson).contains(Map.of("trusted", String.valueOf(value)));
  }

  @Provide
  Arbitrary<Integer> caseMasks() {
    return Arbitraries.integers().between(0, 31);
  }
}
