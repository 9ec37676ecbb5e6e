package org.vdpacompute.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.app.config.Configs.SOURCE;
import static org.vdpacompute.app.config.Configs.read;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.ovs.OvsdbEndpoint;
import org.vdpacompute.ovs.SwitchSettings;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.spec.DeviceSpec;
import org.vdpacompute.core.pci.spec.PciAlias;

class ConfigurationTest {

  @Test
  void theContractsExampleFileReadsToItsValues() throws URISyntaxException {
    Path file = Path.of(getClass().getResource("/config/contract-example.conf").toURI());

    Configuration config = Configuration.load(file);

    assertThat(config.source()).isEqualTo(file.toString());
    assertThat(config.defaults()).isEqualTo(new DefaultSection("compute-0", Path.of("./data"), false));
    assertThat(config.api().listen()).isEqualTo(new ListenAddress("127.0.0.1", 8774));
    assertThat(config.database().connection()).isEqualTo("jdbc:h2:file:./data/vdpa-compute");
    assertThat(config.identity()).isEqualTo(new IdentitySection("...", "..."));
    assertThat(config.compute())
        .isEqualTo(new ComputeSection(ComputeDriver.EMULATED, URI.create("http://127.0.0.1:8774"),
            new ListenAddress("127.0.0.1", 0), false, 0, 10, null, 600));
    assertThat(config.emulated().topology()).isEqualTo(Path.of("/path/to/host.json"));
    assertThat(config.ovs())
        .isEqualTo(new OvsSection(false, "br-int", new OvsdbEndpoint.Unix(Path.of("/var/run/openvswitch/db.sock"))));
    assertThat(config.libvirt().uri()).isEqualTo("qemu:///system");

    assertThat(config.pci().deviceSpec().specs()).hasSize(2);
    DeviceSpec byId = config.pci().deviceSpec().specs().get(0);
    assertThat(byId.vendorId()).hasValue("15b3");
    assertThat(byId.productId()).hasValue("101e");
    assertThat(byId.tags()).containsEntry("physical_network", "physnet4");
    DeviceSpec byAddress = config.pci().deviceSpec().specs().get(1);
    assertThat(byAddress.vendorId()).isEmpty();
    assertThat(byAddress.tags()).containsEntry("physical_network", "physnet4");

    assertThat(config.pci().alias().names()).containsExactly("gpu");
    assertThat(config.pci().alias().get("gpu"))
        .containsExactly(new PciAlias("gpu", "10de", "20b5", DevType.PCI, null));
  }

  @Test
  void anEmptyFileGivesTheContractsDefaults() {
    Configuration config = read("");

    assertThat(config.defaults()).isEqualTo(new DefaultSection(null, Path.of("./data"), false));
    assertThat(config.api().listen()).hasToString("127.0.0.1:8774");
    assertThat(config.api().publicUrl()).as("the listen address, when the listener starts").isNull();
    assertThat(config.database().connection()).isEqualTo("jdbc:h2:file:./data/vdpa-compute");
    assertThat(config.identity()).isEqualTo(new IdentitySection(null, null));
    assertThat(config.compute())
        .isEqualTo(new ComputeSection(null, null, new ListenAddress("127.0.0.1", 0), false, 0, 10, null, 600));
    assertThat(config.emulated().topology()).isNull();
    assertThat(config.ovs())
        .isEqualTo(new OvsSection(false, "br-int", new OvsdbEndpoint.Unix(Path.of("/var/run/openvswitch/db.sock"))));
    assertThat(config.libvirt().uri()).isEqualTo("qemu:///system");
    assertThat(config.pci().deviceSpec().specs()).isEmpty();
    assertThat(config.pci().alias().names()).isEmpty();
  }

  @Test
  void theEmbeddedDatabaseLivesUnderTheStatePath() {
    Configuration config = read("[DEFAULT]\nstate_path = /var/lib/vdpa-compute/\n");

    assertThat(config.defaults().statePath()).isEqualTo(Path.of("/var/lib/vdpa-compute"));
    assertThat(config.database().connection())
        .isEqualTo("jdbc:h2:file:/var/lib/vdpa-compute/vdpa-compute");
  }

  @Test
  void typedValuesTakeEveryFormTheContractAllows() {
    Configuration config = read("""
        [api]
        listen = [::1]:9000
        public_url = https://cloud.example:13774/api
        [database]
        connection = jdbc:postgresql://db.example.org:5432/vdpa?user=nova&password=s3cret
        [compute]
        driver = libvirt
        controller_url = https://controller.example.org:8774/
        allow_resize_to_same_host = True
        shelved_offload_time = -1
        heartbeat_interval = 3
        sync_power_state_interval = -1
        [ovs]
        plug = yes
        bridge = br-offload
        connection = tcp:[::1]:6640
        [libvirt]
        uri = qemu+ssh://root@host/system
        """);

    assertThat(config.api().listen()).isEqualTo(new ListenAddress("::1", 9000));
    assertThat(config.api().publicUrlText()).isEqualTo("https://cloud.example:13774/api");
    assertThat(config.database().connection())
        .isEqualTo("jdbc:postgresql://db.example.org:5432/vdpa?user=nova&password=s3cret");
    assertThat(config.compute().driver()).isEqualTo(ComputeDriver.LIBVIRT);
    assertThat(config.compute().controllerUrl())
        .isEqualTo(URI.create("https://controller.example.org:8774/"));
    assertThat(config.compute().allowResizeToSameHost()).isTrue();
    assertThat(config.compute().shelvedOffloadTime()).isEqualTo(ComputeSection.NEVER);
    assertThat(config.compute().heartbeatInterval()).isEqualTo(3);
    assertThat(config.compute().powerStateSync()).as("a negative interval turns the sync off").isEmpty();
    assertThat(config.libvirt().uri()).isEqualTo("qemu+ssh://root@host/system");
    assertThat(config.ovs().settings())
        .isEqualTo(new SwitchSettings(true, "br-offload", new OvsdbEndpoint.Tcp("::1", 6640), SwitchSettings.DEFAULT_TIMEOUT));
  }

  @Test
  void passwordsNeverShowInTheConfigurationsText() {
    Configuration config = read("""
        [identity]
        admin_password = admin-secret
        service_password = service-secret
        [database]
        connection = jdbc:postgresql://db/vdpa?user=nova&password=db-secret
        """);

    assertThat(config.toString())
        .doesNotContain("admin-secret", "service-secret", "db-secret")
        .contains("password=****");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere.conf");

    assertThatThrownBy(() -> Configuration.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": no such configuration file");
  }

  @Test
  void aDirectoryIsNotAConfigurationFile(@TempDir Path dir) {
    assertThatThrownBy(() -> Configuration.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir + ": is a directory, not a configuration file");
  }

  @Test
  void aFileThatIsNotUtf8IsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.conf");
    Files.write(file, new byte[] {'[', 'D', 'E', 'F', 'A', 'U', 'L', 'T', ']', '\n', (byte) 0xE9});

    assertThatThrownBy(() -> Configuration.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": is not UTF-8 text");
  }

  @Test
  void theControllerNeedsBothPasswords() {
    assertThatThrownBy(() -> read("[identity]\nservice_password = s\n").requireForController())
        .isInstanceOf(ConfigException.class)
        .hasMessage(SOURCE + ": [identity] admin_password is required for the controller command");
    assertThatThrownBy(() -> read("[identity]\nadmin_password = a\n").requireForController())
        .hasMessage(SOURCE + ": [identity] service_password is required for the controller command");

    Configuration config = read("[identity]\nadmin_password = a\nservice_password = s\n");
    assertThat(config.requireForController()).isSameAs(config);
  }

  @Test
  void theComputeAgentNeedsItsHostControllerPasswordAndDriver() {
    String complete = """
        [DEFAULT]
        host = compute-0
        [identity]
        service_password = s
        [compute]
        driver = emulated
        controller_url = http://127.0.0.1:8774
        """;
    Configuration config = read(complete);
    assertThat(config.requireForCompute()).isSameAs(config);

    assertThatThrownBy(() -> read(without(complete, "host")).requireForCompute())
        .isInstanceOf(ConfigException.class)
        .hasMessage(SOURCE + ": [DEFAULT] host is required for the compute command");
    assertThatThrownBy(() -> read(without(complete, "controller_url")).requireForCompute())
        .hasMessage(SOURCE + ": [compute] controller_url is required for the compute command");
    assertThatThrownBy(() -> read(without(complete, "service_password")).requireForCompute())
        .hasMessage(SOURCE + ": [identity] service_password is required for the compute command");
    assertThatThrownBy(() -> read(without(complete, "driver")).requireForCompute())
        .hasMessage(SOURCE + ": [compute] driver is required for the compute command");
  }

  @Test
  void anEmulatedHostsTopologyMustBeReadableWhenGiven(@TempDir Path dir) throws Exception {
    String base = """
        [DEFAULT]
        host = compute-0
        [identity]
        service_password = s
        [compute]
        driver = emulated
        controller_url = http://127.0.0.1:8774
        [emulated]
        """;
    Path topology = Files.writeString(dir.resolve("host.json"), "{}");
    assertThat(read(base + "topology = " + topology).requireForCompute().emulated().topology())
        .isEqualTo(topology);
    assertThat(read(base + "representor_prefix = c12").emulated().representorPrefix()).isEqualTo("c12");

    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> read(base + "topology = " + missing).requireForCompute())
        .isInstanceOf(ConfigException.class)
        .hasMessage(SOURCE + ": [emulated] topology = " + missing + ": is not a readable file");
  }

  private static String without(String text, String key) {
    return text.lines().filter(l -> !l.startsWith(key + " ")).reduce("", (a, l) -> a + l + "\n");
  }
}
