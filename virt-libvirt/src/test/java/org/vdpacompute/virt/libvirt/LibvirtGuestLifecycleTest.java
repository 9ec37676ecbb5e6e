package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestNotFoundException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;

/** Guest lifecycle against libvirt's test driver. */
class LibvirtGuestLifecycleTest {

  private static LibvirtDriver driver;
  private final List<UUID> spawned = new ArrayList<>();

  @BeforeAll
  static void open() {
    driver = LibvirtDriver.open(TestGuests.TEST_URI);
  }

  @AfterAll
  static void close() {
    driver.close();
  }

  @AfterEach
  void destroySpawnedGuests() {
    for (UUID instance : spawned) {
      try {
        driver.driver().guests().destroy(instance);
      } catch (GuestNotFoundException alreadyGone) {
        // the test destroyed it
      }
    }
  }

  private UUID spawn() {
    UUID instance = UUID.randomUUID();
    spawned.add(instance);
    driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(instance));
    return instance;
  }

  private static GuestState state(UUID instance) {
    return driver.driver().guests().guest(instance).state();
  }

  @Test
  void guestGoesThroughEveryPowerStateAndIsGoneAfterDestroy() {
    UUID instance = spawn();
    assertThat(driver.driver().guests().guest(instance)).isEqualTo(new GuestInfo(instance, TestGuests.name(instance), GuestState.RUNNING));

    driver.driver().guests().suspend(instance);
    assertThat(state(instance)).isEqualTo(GuestState.PAUSED);
    driver.driver().guests().resume(instance);
    assertThat(state(instance)).isEqualTo(GuestState.RUNNING);
    driver.driver().guests().reboot(instance);
    assertThat(state(instance)).isEqualTo(GuestState.RUNNING);
    driver.driver().guests().stop(instance);
    assertThat(state(instance)).isEqualTo(GuestState.SHUTOFF);
    driver.driver().guests().start(instance);
    assertThat(state(instance)).isEqualTo(GuestState.RUNNING);
    driver.driver().guests().destroy(instance);

    assertThatThrownBy(() -> driver.driver().guests().guest(instance)).isInstanceOf(GuestNotFoundException.class);
    assertThat(driver.driver().guests().listGuests()).extracting(GuestInfo::uuid).doesNotContain(instance);
  }

  @Test
  void savedGuestIsSavedUntilStartRestoresIt() {
    UUID instance = spawn();

    driver.driver().guests().save(instance);
    assertThat(state(instance)).isEqualTo(GuestState.SAVED);
    driver.driver().guests().start(instance);
    assertThat(state(instance)).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void savedGuestIsDestroyedWithItsSaveImage() {
    UUID instance = spawn();
    driver.driver().guests().save(instance);

    driver.driver().guests().destroy(instance);

    assertThatThrownBy(() -> driver.driver().guests().guest(instance)).isInstanceOf(GuestNotFoundException.class);
  }

  @Test
  void pausedGuestStopsByPowerOff() {
    UUID instance = spawn();
    driver.driver().guests().suspend(instance);

    driver.driver().guests().stop(instance);

    assertThat(state(instance)).isEqualTo(GuestState.SHUTOFF);
  }

  @Test
  void listGuestsHasRunningAndShutOffGuestsOrderedByUuid() {
    UUID running = spawn();
    UUID shutOff = spawn();
    driver.driver().guests().stop(shutOff);

    List<GuestInfo> guests = driver.driver().guests().listGuests();

    assertThat(guests).contains(
        new GuestInfo(running, TestGuests.name(running), GuestState.RUNNING),
        new GuestInfo(shutOff, TestGuests.name(shutOff), GuestState.SHUTOFF));
    assertThat(guests).extracting(g -> g.uuid().toString()).isSorted();
  }

  @Test
  void domainXmlIsTheGuestsCurrentDefinition() {
    UUID instance = spawn();

    String xml = driver.driver().guests().domainXml(instance);

    assertThat(xml).contains("<uuid>" + instance + "</uuid>", "<name>" + TestGuests.name(instance) + "</name>");
  }

  @Test
  void guestWithVdpaInterfaceKeepsItInItsDomainXml() {
    UUID instance = UUID.randomUUID();
    spawned.add(instance);
    String vdpa = "<interface type='vdpa'><mac address='fa:16:3e:11:22:33'/>"
        + "<source dev='/dev/vhost-vdpa-0'/></interface>";

    driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(instance).replace("<devices/>", "<devices>" + vdpa + "</devices>"));

    assertThat(driver.driver().guests().domainXml(instance))
        .contains("<interface type='vdpa'>", "<mac address='fa:16:3e:11:22:33'/>", "<source dev='/dev/vhost-vdpa-0'/>");
  }

  @Test
  void transitionTheStateForbidsIsRefusedWithTheStateFound() {
    UUID instance = spawn();

    assertThatThrownBy(() -> driver.driver().guests().resume(instance))
        .isInstanceOfSatisfying(GuestStateException.class, e -> {
          assertThat(e.found()).isEqualTo(GuestState.RUNNING);
          assertThat(e.operation()).isEqualTo(GuestOperation.RESUME);
          assertThat(e.instance()).isEqualTo(instance);
        });
    driver.driver().guests().stop(instance);
    assertThatThrownBy(() -> driver.driver().guests().suspend(instance))
        .isInstanceOfSatisfying(GuestStateException.class,
            e -> assertThat(e.found()).isEqualTo(GuestState.SHUTOFF));
    assertThatThrownBy(() -> driver.driver().guests().reboot(instance)).isInstanceOf(GuestStateException.class);
  }

  @Test
  void spawningAGuestThatExistsIsRefused() {
    UUID instance = spawn();

    assertThatThrownBy(() -> driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(instance)))
        .isInstanceOfSatisfying(GuestStateException.class, e -> {
          assertThat(e.operation()).isEqualTo(GuestOperation.SPAWN);
          assertThat(e.found()).isEqualTo(GuestState.RUNNING);
        });
  }

  @Test
  void domainXmlWithAnotherUuidIsRefusedAndDefinesNothing() {
    UUID instance = UUID.randomUUID();
    UUID other = UUID.randomUUID();

    assertThatThrownBy(() -> driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(other)))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("spawn of guest " + instance)
        .hasMessageContaining("<uuid> is " + other);
    assertThat(driver.driver().guests().listGuests()).extracting(GuestInfo::uuid).doesNotContain(instance, other);
  }

  @Test
  void libvirtsRefusalOfTheDomainXmlNamesHostGuestOperationAndReason() {
    UUID instance = UUID.randomUUID();
    String bad = TestGuests.minimalDomain(instance).replace("<memory unit='MiB'>64</memory>",
        "<memory unit='MiB'>lots</memory>");

    assertThatThrownBy(() -> driver.driver().guests().defineAndStart(instance, bad))
        .isInstanceOfSatisfying(HypervisorOperationException.class, e -> {
          assertThat(e.host()).isEqualTo(driver.driver().facts().hostname());
          assertThat(e.instance()).isEqualTo(instance);
          assertThat(e.operation()).isEqualTo(GuestOperation.SPAWN);
          assertThat(e.getMessage())
              .startsWith("spawn of guest " + instance + " on host " + driver.driver().facts().hostname() + " failed: ")
              .contains("libvirt at test:///default: ")
              .contains("memory");
        });
    assertThatThrownBy(() -> driver.driver().guests().guest(instance)).isInstanceOf(GuestNotFoundException.class);
  }

  @Test
  void everyOperationOnAnUnknownGuestSaysItIsNotDefined() {
    UUID unknown = UUID.randomUUID();

    assertThatThrownBy(() -> driver.driver().guests().guest(unknown))
        .isInstanceOf(GuestNotFoundException.class)
        .hasMessage("no guest " + unknown + " is defined on host " + driver.driver().facts().hostname());
    assertThatThrownBy(() -> driver.driver().guests().domainXml(unknown)).isInstanceOf(GuestNotFoundException.class);
    assertThatThrownBy(() -> driver.driver().guests().start(unknown)).isInstanceOf(GuestNotFoundException.class);
    assertThatThrownBy(() -> driver.driver().guests().stop(unknown)).isInstanceOf(GuestNotFoundException.class);
    assertThatThrownBy(() -> driver.driver().guests().destroy(unknown)).isInstanceOf(GuestNotFoundException.class);
  }
}
