package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.core.pci.spec.Devices.onCardWithSerial;
import static org.vdpacompute.core.pci.spec.Devices.refPf;
import static org.vdpacompute.core.pci.spec.Devices.refVdpa;
import static org.vdpacompute.core.pci.spec.Devices.refVf;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.DeviceIdentity;

class DeviceSpecListTest {

  private static DeviceSpecList specs(String... values) {
    return DeviceSpecList.parse(List.of(values));
  }

  private static boolean selects(String spec, DeviceIdentity device) {
    return specs(spec).tagsOf(device).isPresent();
  }

  @Nested
  class ByIds {
    @Test
    void vendorAndProductSelectOnlyThatModel() {
      String spec = "{\"vendor_id\": \"15b3\", \"product_id\": \"101e\"}";
      assertThat(selects(spec, refVf(1))).isTrue();
      assertThat(selects(spec, refPf())).isFalse();
      assertThat(selects(spec, Devices.pci("0000:81:00.0", "10de:20b5"))).isFalse();
    }

    @Test
    void idsAreCaseInsensitive() {
      assertThat(selects("{\"vendor_id\": \"15B3\", \"product_id\": \"101E\"}", refVf(1))).isTrue();
      DeviceSpec spec = specs("{\"vendor_id\": \" 15B3 \"}").specs().get(0);
      assertThat(spec.vendorId()).contains("15b3");
    }

    @Test
    void starOrMissingIdMatchesAny() {
      assertThat(selects("{\"vendor_id\": \"*\", \"product_id\": \"101e\"}", refVf(2))).isTrue();
      assertThat(selects("{\"product_id\": \"101d\"}", refPf())).isTrue();
      assertThat(selects("{}", Devices.pci("0000:81:00.0", "10de:20b5"))).isTrue();
      assertThat(specs("{\"vendor_id\": \"*\"}").specs().get(0).vendorId()).isEmpty();
    }
  }

  @Nested
  class ByAddress {
    @Test
    void globSelectsAllFunctionsOfASlot() {
      String spec = "{\"address\": \"0000:06:00.*\", \"physical_network\": \"physnet4\"}";
      assertThat(selects(spec, refPf())).isTrue();
      assertThat(selects(spec, refVf(4))).isTrue();
      assertThat(selects(spec, Devices.pci("0000:07:00.0", "10de:20b5"))).isFalse();
    }

    @Test
    void regexObjectSelectsByField() {
      String spec =
          "{\"address\": {\"domain\": \".*\", \"bus\": \"06\", \"slot\": \"00\","
              + " \"function\": \"[1-2]\"}}";
      assertThat(selects(spec, refVf(1))).isTrue();
      assertThat(selects(spec, refVf(2))).isTrue();
      assertThat(selects(spec, refVf(3))).isFalse();
    }

    @Test
    void exactPfAddressMatchesItsVfs() {
      String spec = "{\"address\": \"0000:06:00.0\", \"physical_network\": \"physnet4\"}";
      assertThat(selects(spec, refPf())).isTrue();
      assertThat(selects(spec, refVf(1))).isTrue();
      assertThat(selects(spec, refVf(4))).isTrue();
      assertThat(selects(spec, Devices.vf("0000:07:00.1", "15b3:101e", "0000:07:00.0", null)))
          .isFalse();
    }

    @Test
    void exactPfAddressAsRegexObjectMatchesItsVfs() {
      String spec =
          "{\"address\": {\"domain\": \"0000\", \"bus\": \"06\", \"slot\": \"00\","
              + " \"function\": \"0\"}}";
      assertThat(selects(spec, refPf())).isTrue();
      assertThat(selects(spec, refVf(3))).isTrue();
    }

    @Test
    void exactPfAddressWithVfIdsMatchesTheVfsButNotThePf() {
      // The VFs must still match the spec's ids: Nova compares them with each VF's own ids.
      String spec =
          "{\"address\": \"0000:06:00.0\", \"vendor_id\": \"15b3\", \"product_id\": \"101e\"}";
      assertThat(selects(spec, refPf())).isFalse();
      assertThat(selects(spec, refVf(1))).isTrue();
    }

    @Test
    void exactVfAddressMatchesOnlyThatVf() {
      String spec = "{\"address\": \"0000:06:00.2\"}";
      assertThat(selects(spec, refVf(2))).isTrue();
      assertThat(selects(spec, refVf(3))).isFalse();
      assertThat(selects(spec, refPf())).isFalse();
    }

    @Test
    void wildcardAddressDoesNotReachVfsThroughTheirParent() {
      String spec = "{\"address\": \"0000:06:00.0\"}";
      String wildcard = "{\"address\": \"*:06:00.0\"}";
      DeviceIdentity vfElsewhere = Devices.vf("0000:09:00.1", "15b3:101e", "0000:06:00.0", null);
      assertThat(selects(spec, vfElsewhere)).isTrue();
      assertThat(selects(wildcard, vfElsewhere)).isFalse();
    }
  }

  @Nested
  class ByDevname {
    @Test
    void pfInterfaceNameSelectsThePfAndItsVfs() {
      String spec = "{\"devname\": \"enp6s0f0\", \"physical_network\": \"physnet4\"}";
      assertThat(selects(spec, refPf())).isTrue();
      assertThat(selects(spec, refVf(1))).isTrue();
      assertThat(selects(spec, refVdpa(2))).isTrue();
      assertThat(selects(spec, Devices.pf("0000:07:00.0", "15b3:101d", "enp7s0f0"))).isFalse();
    }

    @Test
    void vfInterfaceNameSelectsOnlyThatVf() {
      DeviceIdentity named =
          new DeviceIdentity(
              refVf(1).address(),
              refVf(1).ids(),
              refVf(1).type(),
              refVf(1).parentAddress(),
              "enp6s0f0v0",
              Devices.PF_IFNAME,
              null);
      String spec = "{\"devname\": \"enp6s0f0v0\"}";
      assertThat(selects(spec, named)).isTrue();
      assertThat(selects(spec, refVf(2))).isFalse();
      assertThat(selects(spec, refPf())).isFalse();
    }

    @Test
    void devnameStillRequiresTheIds() {
      assertThat(selects("{\"devname\": \"enp6s0f0\", \"product_id\": \"101e\"}", refPf()))
          .isFalse();
      assertThat(selects("{\"devname\": \"enp6s0f0\", \"product_id\": \"101e\"}", refVf(1)))
          .isTrue();
    }

    @Test
    void devicesWithoutInterfacesAreNotSelectedByName() {
      assertThat(selects("{\"devname\": \"eth0\"}", Devices.pci("0000:81:00.0", "10de:20b5")))
          .isFalse();
    }
  }

  @Nested
  class Vdpa {
    @Test
    void vdpaDeviceMatchesByItsVfAddress() {
      assertThat(selects("{\"address\": \"0000:06:00.3\"}", refVdpa(3))).isTrue();
      assertThat(selects("{\"address\": \"0000:06:00.3\"}", refVdpa(4))).isFalse();
    }

    @Test
    void vdpaDeviceMatchesByItsVfIds() {
      assertThat(selects("{\"vendor_id\": \"15b3\", \"product_id\": \"101e\"}", refVdpa(1)))
          .isTrue();
      assertThat(selects("{\"vendor_id\": \"15b3\", \"product_id\": \"101d\"}", refVdpa(1)))
          .isFalse();
    }

    @Test
    void vdpaDeviceMatchesThroughItsParentPfAddress() {
      assertThat(selects("{\"address\": \"0000:06:00.0\"}", refVdpa(1))).isTrue();
    }
  }

  @Nested
  class Tagging {
    @Test
    void referenceHostSpecWhitelistsPfAndVfsOnPhysnet4() {
      DeviceSpecList list =
          specs(
              "{\"vendor_id\": \"15b3\", \"product_id\": \"101d\", \"physical_network\": \"physnet4\"}",
              "{\"vendor_id\": \"15b3\", \"product_id\": \"101e\", \"physical_network\": \"physnet4\"}");
      for (DeviceIdentity d : List.of(refPf(), refVf(1), refVdpa(4))) {
        assertThat(list.tagsOf(d)).contains(Map.of("physical_network", "physnet4"));
      }
    }

    @Test
    void firstMatchingSpecGivesTheTags() {
      DeviceSpecList list =
          specs(
              "{\"address\": \"0000:06:00.1\", \"physical_network\": \"first\"}",
              "[{\"vendor_id\": \"15b3\", \"physical_network\": \"second\"},"
                  + " {\"physical_network\": \"third\"}]");
      assertThat(list.tagsOf(refVf(1))).contains(Map.of("physical_network", "first"));
      assertThat(list.tagsOf(refVf(2))).contains(Map.of("physical_network", "second"));
      assertThat(list.tagsOf(Devices.pci("0000:81:00.0", "10de:20b5")))
          .contains(Map.of("physical_network", "third"));
      assertThat(list.specOf(refVf(2)).orElseThrow().origin())
          .isEqualTo("device_spec entry 2, element 1");
    }

    @Test
    void unmatchedDeviceHasNoTags() {
      assertThat(specs("{\"vendor_id\": \"8086\"}").tagsOf(refPf())).isEmpty();
      assertThat(specs().tagsOf(refPf())).isEmpty();
    }

    @Test
    void booleanTagsCompareTheSameAsJsonOrString() {
      Map<String, String> fromJson =
          specs("{\"trusted\": true, \"remote_managed\": false}").tagsOf(refVf(1)).orElseThrow();
      Map<String, String> fromText =
          specs("{\"trusted\": \"True\", \"remote_managed\": \"FALSE\"}")
              .tagsOf(refVf(1))
              .orElseThrow();
      assertThat(fromJson).isEqualTo(fromText).isEqualTo(Map.of("trusted", "true", "remote_managed", "false"));
    }

    @Test
    void otherKeysAreKeptAsNormalisedTags() {
      Map<String, String> tags =
          specs(
                  "{\"physical_network\": \"PhysNet4\", \"resource_class\": \"PGPU\","
                      + " \"capabilities\": 5, \"custom\": true}")
              .tagsOf(refVf(1))
              .orElseThrow();
      assertThat(tags)
          .containsOnly(
              Map.entry("physical_network", "physnet4"),
              Map.entry("resource_class", "pgpu"),
              Map.entry("capabilities", "5"),
              Map.entry("custom", "true"));
    }

    @Test
    void nullTagMeansNoTag() {
      assertThat(specs("{\"physical_network\": null}").tagsOf(refVf(1))).contains(Map.of());
    }

    @Test
    void idsAddressAndDevnameAreNotTags() {
      assertThat(
              specs("{\"vendor_id\": \"15b3\", \"address\": \"*:06:00.*\", \"physical_network\": \"p\"}")
                  .tagsOf(refVf(1)))
          .contains(Map.of("physical_network", "p"));
      assertThat(specs("{\"devname\": \"enp6s0f0\"}").tagsOf(refPf())).contains(Map.of());
    }

    @Test
    void tagsCannotBeChanged() {
      Map<String, String> tags = specs("{\"physical_network\": \"p\"}").tagsOf(refVf(1)).orElseThrow();
      assertThatThrownBy(() -> tags.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class RemoteManaged {
    @Test
    void remoteManagedVfsOnACardWithAVpdSerialAreSelected() {
      DeviceSpecList list = specs("{\"product_id\": \"101e\", \"remote_managed\": \"true\"}");
      assertThat(list.tagsOf(onCardWithSerial(refVf(1), "MT2113X00000"))).contains(Map.of("remote_managed", "true"));
      assertThat(list.specs().get(0).remoteManaged()).isTrue();
    }

    @Test
    void aRemoteManagedEntryMatchesNothingOnACardWithoutAVpdSerialAndLaterEntriesApply() {
      DeviceSpecList list = specs(
          "{\"product_id\": \"101e\", \"remote_managed\": \"yes\", \"physical_network\": \"dpu\"}",
          "{\"product_id\": \"101e\", \"physical_network\": \"physnet4\"}");
      assertThat(list.tagsOf(refVf(1))).contains(Map.of("physical_network", "physnet4"));
      assertThat(list.tagsOf(onCardWithSerial(refVf(1), "MT2113X00000")))
          .contains(Map.of("physical_network", "dpu", "remote_managed", "true"));
      assertThat(specs("{\"remote_managed\": true}").tagsOf(refVf(1))).isEmpty();
    }

    @Test
    void aSpecThatIsNotRemoteManagedNeedsNoSerial() {
      assertThat(specs("{\"remote_managed\": \"no\"}").tagsOf(refVf(1))).contains(Map.of("remote_managed", "false"));
    }

    @Test
    void remoteManagedSpecNamingAPfIsRefusedOnTheHostNamingEntryAndDevice() {
      DeviceSpecList list =
          specs("{\"vendor_id\": \"8086\"}", "{\"address\": \"0000:06:00.0\", \"remote_managed\": true}");
      assertThatThrownBy(() -> list.checkOnHost(List.of(refPf(), refVf(1))))
          .isInstanceOf(InvalidDeviceSpecException.class)
          .hasMessage(
              "device_spec entry 2: key 'remote_managed': 'true' cannot apply to physical"
                  + " function 0000:06:00.0 (15b3:101d): only VFs can be remote-managed");
    }

    @Test
    void remoteManagedSpecNamingAPfIsRefusedWhateverEntriesComeBeforeIt() {
      // Nova refuses such an entry when it reads the spec, before any device is matched.
      DeviceSpecList list = specs("{\"address\": \"*:06:*.*\"}", "{\"devname\": \"enp6s0f0\", \"remote_managed\": \"on\"}");
      assertThatThrownBy(() -> list.checkOnHost(List.of(refPf(), refVf(1))))
          .isInstanceOf(InvalidDeviceSpecException.class)
          .hasMessageStartingWith("device_spec entry 2: key 'remote_managed': 'true' cannot apply to physical");
    }

    @Test
    void remoteManagedSpecNamingAnInterfaceTheHostLacksIsRefused() {
      assertThatThrownBy(() -> specs("{\"devname\": \"eth9\", \"remote_managed\": \"y\"}")
              .checkOnHost(List.of(refPf(), refVf(1))))
          .isInstanceOf(InvalidDeviceSpecException.class)
          .hasMessage("device_spec entry 1: key 'devname': 'eth9' names no network interface of this host;"
              + " a remote_managed entry must name one");
      specs("{\"devname\": \"eth9\"}").checkOnHost(List.of(refPf()));
    }

    @Test
    void remoteManagedSpecNamingAPfWithIdsOfNeitherItNorItsVfsIsRefused() {
      assertThatThrownBy(() -> specs("{\"address\": \"0000:06:00.0\", \"product_id\": \"1234\", \"remote_managed\": 1}")
              .checkOnHost(List.of(refPf(), refVf(1))))
          .isInstanceOf(InvalidDeviceSpecException.class)
          .hasMessageContaining("names physical function 0000:06:00.0 with ids *:1234, which are not those of its VFs"
              + " (15b3:101e)");
    }

    @Test
    void remoteManagedPfAddressWithVfProductSelectsOnlyTheVfs() {
      // Nova's documented way to make a PF's VFs remote-managed: the PF address with the VF ids.
      DeviceSpecList list =
          specs(
              "{\"address\": \"0000:06:00.0\", \"vendor_id\": \"15b3\", \"product_id\": \"101e\","
                  + " \"remote_managed\": \"true\"}");
      list.checkOnHost(List.of(refPf(), refVf(1)));
      assertThat(list.tagsOf(onCardWithSerial(refPf(), "MT1"))).isEmpty();
      assertThat(list.tagsOf(onCardWithSerial(refVf(1), "MT1"))).contains(Map.of("remote_managed", "true"));
    }

    @Test
    void remoteManagedFalseOnAPfIsFine() {
      assertThat(specs("{\"remote_managed\": \"false\"}").tagsOf(refPf()))
          .contains(Map.of("remote_managed", "false"));
    }

    @Test
    void specThatDoesNotSelectThePfDoesNotComplain() {
      DeviceSpecList list =
          specs("{\"address\": \"0000:06:00.0\"}", "{\"remote_managed\": true}");
      assertThat(list.tagsOf(refPf())).contains(Map.of());
    }
  }

  @Test
  void listsEverySpecInOrderWithItsOrigin() {
    DeviceSpecList list =
        specs("{\"vendor_id\": \"15b3\"}", "[{\"product_id\": \"101e\"}, {\"devname\": \"eth0\"}]", "[]");
    assertThat(list.specs()).extracting(DeviceSpec::origin)
        .containsExactly(
            "device_spec entry 1", "device_spec entry 2, element 1", "device_spec entry 2, element 2");
    assertThat(list.specs().get(2).devname()).contains("eth0");
  }
}
