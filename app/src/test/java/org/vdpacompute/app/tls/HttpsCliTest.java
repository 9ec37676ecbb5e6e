package org.vdpacompute.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.OpenStackCli;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.ConfigException;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.controller.ControllerServer;

/**
 * A controller configured with {@code [api] cert_file} and {@code key_file} serves HTTPS only: the
 * openstack CLI, trusting the certificate through {@code cacert} in clouds.yaml, logs in and finds
 * https URLs in the catalog; an agent with {@code [compute] controller_ca_file} registers over it;
 * a client that does not trust the certificate is refused by its own check.
 */
class HttpsCliTest {
  @TempDir static Path dir;
  private static TestCertificates certs;
  private static ControllerServer controller;
  private static ComputeProcess agent;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.make(dir.resolve("tls"), "EC");
    controller = ControllerServer.start(Configuration.parse("controller.conf", String.join("\n",
        "[DEFAULT]", "state_path = " + dir.resolve("controller"),
        "[api]", "listen = 127.0.0.1:0", "cert_file = " + certs.cert(), "key_file = " + certs.key(),
        "[identity]", "admin_password = admin-pw", "service_password = service-pw", "")).requireForController());
    url = "https://127.0.0.1:" + controller.port();
    String agentConfig = AllInOneCloud.emulatedAgentConfig("tls-host", dir.resolve("agent"), url, "service-pw", 10, null,
        List.of()).replace("controller_url = " + url, "controller_url = " + url + "\ncontroller_ca_file = " + certs.cert());
    agent = ComputeProcess.start(Configuration.parse("agent.conf", agentConfig).requireForCompute());
    Files.writeString(dir.resolve("clouds.yaml"), String.join("\n",
        "clouds:",
        cloud("trusting") + "    cacert: " + certs.cert(),
        cloud("untrusting")));
  }

  private static String cloud(String name) {
    return String.join("\n", "  " + name + ":", "    auth:", "      auth_url: " + url + "/identity/v3",
        "      username: admin", "      password: admin-pw", "      project_name: admin",
        "      user_domain_name: Default", "      project_domain_name: Default",
        "    identity_api_version: 3", "    region_name: RegionOne", "");
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) agent.close();
    if (controller != null) controller.close();
  }

  @Test
  void theCliTrustingTheCertificateWorksOverHttpsAndTheAgentRegisteredOverIt() throws Exception {
    OpenStackCli cli = OpenStackCli.forCloud(dir.resolve("clouds.yaml"), "trusting");
    List<OpenStackCli.Result> r = cli.batch(List.of(List.of("catalog", "list", "-f", "json"),
        List.of("hypervisor", "list", "-f", "json")));
    assertThat(r.get(0).stderr()).isEmpty();
    List<String> endpoints = new ArrayList<>();
    for (JsonNode service : r.get(0).json()) {
      for (JsonNode endpoint : service.get("Endpoints")) endpoints.add(endpoint.get("url").asText());
    }
    assertThat(endpoints).isNotEmpty().allMatch(e -> e.startsWith(url + "/"));
    assertThat(r.get(1).stderr()).isEmpty();
    assertThat(r.get(1).json().findValuesAsText("Hypervisor Hostname")).containsExactly("tls-host");
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefusedAndPlainHttpIsNotServed() throws Exception {
    OpenStackCli.Result refused = OpenStackCli.forCloud(dir.resolve("clouds.yaml"), "untrusting").run("token", "issue");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).containsIgnoringCase("certificate verify failed");
    // The listener speaks TLS only: a plain request gets no HTTP answer.
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + controller.port() + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aCertificateWithoutItsKeyStopsTheStart() {
    assertThatThrownBy(() -> Configuration.parse("c.conf", "[api]\ncert_file = " + certs.cert() + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("c.conf: [api] cert_file and key_file go together: set both to serve HTTPS, or neither");
  }
}
