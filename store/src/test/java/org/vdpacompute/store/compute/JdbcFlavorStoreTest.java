package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.spec.PciAliasList;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class JdbcFlavorStoreTest {
  private static final PciAliasList ALIASES = PciAliasList.parse(List.of(
      "{\"name\": \"gpu\", \"vendor_id\": \"10de\", \"product_id\": \"20b5\"}"));

  private static FlavorService service(TestDatabase db) {
    return new FlavorService(new JdbcFlavorStore(db.open()), ALIASES);
  }

  private static FlavorService.FlavorRequest request(String id, String name, Map<String, String> specs) {
    return new FlavorService.FlavorRequest(id, name, 2, 2048, 10, 0, 0, 1.0, true, null, specs);
  }

  @EachDatabase
  void aFlavorAndItsExtraSpecsRoundTrip(TestDatabase db) {
    FlavorService flavors = service(db);
    Flavor made = flavors.create(request("vdpa", "m1.vdpa", Map.of("hw:numa_nodes", "1", "gpu:model", "x")));
    assertThat(flavors.flavor("vdpa")).isEqualTo(made);
    assertThat(flavors.flavor("m1.vdpa")).isEqualTo(made);
    flavors.setExtraSpecs("vdpa", Map.of("pci_passthrough:alias", "gpu:1", "hw:numa_nodes", "2"));
    assertThat(flavors.flavor("vdpa").extraSpecs())
        .containsEntry("pci_passthrough:alias", "gpu:1").containsEntry("hw:numa_nodes", "2").containsEntry("gpu:model", "x");
    flavors.deleteExtraSpec("vdpa", "gpu:model");
    assertThat(flavors.flavors(false)).singleElement().satisfies(f -> assertThat(f.extraSpecs()).doesNotContainKey("gpu:model"));
  }

  @EachDatabase
  void privateFlavorsAreListedOnlyWhenAsked(TestDatabase db) {
    FlavorService flavors = service(db);
    flavors.create(request("1", "m1.tiny", Map.of()));
    flavors.create(new FlavorService.FlavorRequest("2", "secret", 1, 512, 1, 0, 0, 1.0, false, "private", Map.of()));
    assertThat(flavors.flavors(false)).extracting(Flavor::name).containsExactly("m1.tiny");
    assertThat(flavors.flavors(true)).extracting(Flavor::name).containsExactly("m1.tiny", "secret");
  }

  @EachDatabase
  void duplicatesAndBadSpecsAreRefusedAndLeaveNothing(TestDatabase db) {
    FlavorService flavors = service(db);
    flavors.create(request("1", "m1.tiny", Map.of()));
    assertThatThrownBy(() -> flavors.create(request("1", "other", Map.of()))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> flavors.create(request("9", "m1.tiny", Map.of()))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> flavors.create(request("3", "bad", Map.of("pci_passthrough:alias", "tpu:1"))))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("'tpu' is not defined");
    assertThatThrownBy(() -> flavors.setExtraSpecs("1", Map.of("hw:numa_nodes", "zero")))
        .hasMessageContaining("hw:numa_nodes");
    assertThatThrownBy(() -> flavors.setExtraSpecs("1", Map.of("hw:pci_numa_affinity_policy", "sometimes")))
        .hasMessageContaining("sometimes");
    assertThat(flavors.flavors(true)).extracting(Flavor::id).containsExactly("1");
    assertThat(flavors.flavor("1").extraSpecs()).isEmpty();
    flavors.delete("1");
    assertThatThrownBy(() -> flavors.flavor("1")).isInstanceOf(NotFoundException.class);
  }

  @EachDatabase
  void aPrivateFlavorIsSeenByTheProjectsItIsSharedWithAndTheirShareGoesWithIt(TestDatabase db) {
    FlavorService flavors = service(db);
    flavors.create(request("pub", "m1.pub", Map.of()));
    flavors.create(new FlavorService.FlavorRequest("priv", "m1.priv", 1, 64, 1, 0, 0, 1.0, false, null, Map.of()));
    assertThat(flavors.addAccess("priv", "team-a")).containsExactly("team-a");
    assertThatThrownBy(() -> flavors.addAccess("priv", "team-a")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> flavors.addAccess("pub", "team-a")).isInstanceOf(ConflictException.class);
    assertThat(flavors.visibleFlavors("team-a")).extracting(Flavor::id).containsExactly("priv", "pub");
    assertThat(flavors.visibleFlavors("team-b")).extracting(Flavor::id).containsExactly("pub");
    assertThat(flavors.visibleFlavor("m1.priv", "team-a", false).id()).isEqualTo("priv");
    assertThatThrownBy(() -> flavors.visibleFlavor("priv", "team-b", false)).isInstanceOf(NotFoundException.class);
    assertThat(flavors.visibleFlavor("priv", "team-b", true).id()).isEqualTo("priv");
    assertThat(flavors.removeAccess("priv", "team-a")).isEmpty();
    assertThatThrownBy(() -> flavors.removeAccess("priv", "team-a")).isInstanceOf(NotFoundException.class);
    flavors.addAccess("priv", "team-b");
    flavors.delete("priv");
    assertThat(new JdbcFlavorStore(db.open()).sharedWith("team-b")).isEmpty();
  }
}
