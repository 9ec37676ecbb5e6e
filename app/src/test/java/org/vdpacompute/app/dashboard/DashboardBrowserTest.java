package org.vdpacompute.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.cloud.CloudsYaml;

/**
 * The dashboard in a real browser (headless chromium) against a real all-in-one cloud of two
 * reference hosts: log in, see the trees, watch a server booted through the API take a VF, explain
 * a request that cannot fit, log out and find the token revoked; a member sees its own servers.
 *
 * <p>With {@code -Dvdpa.dashboard.screenshot=FILE} the run also saves a picture of the hosts page,
 * with the booted server on it, to FILE (how {@code docs/dashboard.png} is made).
 *
 * <p>One of the longest test classes: ordered early, so that shorter ones fill the time beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(4)
class DashboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String SERVERS = "/compute/v2.1/servers";
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ChromeDriver browser;
  private static WebDriverWait await;
  private static CloudApi admin;
  private static CloudApi demo;
  private static String server;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir.resolve("cloud"), 0, 2);
    admin = CloudApi.admin(cloud);
    demo = CloudApi.demo(cloud);
    browser = HeadlessChromium.start(dir.resolve("chromium"));
    await = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    // The page redraws every 2 s: an element found before a redraw is found again.
    await.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (cloud != null) cloud.close();
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + cloud.port() + path;
  }

  private static void logIn(String user, String cloudName, String project) throws Exception {
    browser.get(url("/dashboard/"));
    WebElement form = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    form.findElement(By.name("username")).sendKeys(user);
    form.findElement(By.name("password")).sendKeys(CloudsYaml.password(cloud.cloudsYaml(), cloudName));
    form.findElement(By.name("project")).sendKeys(project);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    await.until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
  }

  private static String sessionToken() {
    Object stored = ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('vdpa-compute.session');");
    return stored == null ? null : stored.toString();
  }

  private static By device(String host, String address) {
    return By.cssSelector("[data-host='" + host + "'] [data-address='" + address + "']");
  }

  /**
   * Reads what {@code read} finds on the page, again from the start should the page redraw meanwhile
   * (it does every 2 s, and what was found before is then gone).
   */
  private static <T> T read(Function<WebDriver, T> read) {
    return await.until(read);
  }

  /**
   * What {@code script} returns, read in the page in one go: a script runs between two redraws, so
   * what it reads is of one drawing. Reading many elements one WebDriver call at a time could take
   * longer than the 2 s between redraws on a loaded machine, and then never finished. The script
   * returns null while what it reads is not drawn yet; it is run again then.
   */
  @SuppressWarnings("unchecked")
  private static <T> T snapshot(String script, Object... args) {
    return await.until(d -> (T) ((JavascriptExecutor) d).executeScript(script, args));
  }

  /** Text as WebDriver shows it: the element's rendered text, trimmed. */
  private static final String TEXT = "const text = e => e.innerText.trim();";

  /** What a host's card shows: its badges and text, its PF, the VFs under it and their vDPA devices. */
  record HostCard(String state, String status, String text, String pf, List<String> vfs, List<String> vfStatuses,
      List<String> vdpa, String freeVdpa) {}

  @SuppressWarnings("unchecked")
  private static HostCard card(String host) {
    Map<String, Object> c = snapshot(TEXT + """
        const card = document.querySelector(`[data-host='${arguments[0]}']`);
        const pf = card && card.querySelector('ul.tree > li');
        const free = card && card.querySelector("tr[data-type='vdpa'] .free");
        if (!pf || !free) return null;
        const vfs = [...pf.querySelectorAll(':scope > ul > li > .device')];
        return {state: text(card.querySelector('[data-state]')), status: text(card.querySelector('[data-status]')),
          text: text(card), pf: pf.querySelector('.device').getAttribute('data-address'),
          vfs: vfs.map(v => v.getAttribute('data-address')), vfStatuses: vfs.map(v => v.getAttribute('data-status')),
          vdpa: [...pf.querySelectorAll('li.vdpa')].map(text), freeVdpa: text(free)};""", host);
    return new HostCard((String) c.get("state"), (String) c.get("status"), (String) c.get("text"), (String) c.get("pf"),
        (List<String>) c.get("vfs"), (List<String>) c.get("vfStatuses"), (List<String>) c.get("vdpa"),
        (String) c.get("freeVdpa"));
  }

  @Test
  @Order(1)
  void theAdminLogsInAndSeesEachReferenceHostsPfVfVdpaTree() throws Exception {
    logIn("admin", AllInOneCloud.ADMIN_CLOUD, "admin");
    for (String host : List.of("compute-0", "compute-1")) {
      await.until(ExpectedConditions.presenceOfElementLocated(device(host, "0000:06:00.4")));
      HostCard card = card(host);
      assertThat(card.state()).isEqualTo("up");
      assertThat(card.status()).isEqualTo("enabled");
      assertThat(card.text()).contains("vDPA supported");
      assertThat(card.pf()).isEqualTo("0000:06:00.0");
      assertThat(card.vfs()).containsExactly("0000:06:00.1", "0000:06:00.2", "0000:06:00.3", "0000:06:00.4");
      assertThat(card.vfStatuses()).containsOnly("available");
      assertThat(card.vdpa()).containsExactly("vDPA device /dev/vhost-vdpa-0", "vDPA device /dev/vhost-vdpa-1",
          "vDPA device /dev/vhost-vdpa-2", "vDPA device /dev/vhost-vdpa-3");
      assertThat(card.freeVdpa()).isEqualTo("4");
    }
    assertThat(sessionToken()).as("the token is kept in the session's storage").contains("\"token\"");
    assertThat(browser.manage().getCookies()).as("and in no cookie").isEmpty();
  }

  @Test
  @Order(2)
  void aServerBootedThroughTheApiTurnsItsVfAllocatedWithTheServerNamed() throws Exception {
    String network = demo.get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
    String image = demo.get("/image/v2/images?name=cirros").at("/images/0/id").asText();
    String port = demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"name\": \"web-port\", \"network_id\": \""
        + network + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
    server = demo.expect(202, "POST", SERVERS, "{\"server\": {\"name\": \"web-1\", \"imageRef\": \"" + image
        + "\", \"flavorRef\": \"vdpa\", \"networks\": [{\"port\": \"" + port + "\"}]}}").at("/server/id").asText();
    By allocated = By.xpath("//div[@data-status='allocated'][a[@class='server' and text()='web-1']]");
    await.until(ExpectedConditions.presenceOfElementLocated(allocated));
    List<String> vf = snapshot(TEXT + """
        const row = [...document.querySelectorAll("div[data-status='allocated']")]
          .find(r => [...r.querySelectorAll(':scope > a.server')].some(a => a.textContent === 'web-1'));
        return row ? [text(row), row.getAttribute('data-address'), row.closest('article').getAttribute('data-host')] : null;""");
    assertThat(vf.get(0)).contains("port web-port").contains("VF (vdpa)");
    String host = vf.get(2);
    String slot = demo.get("/networking/v2.0/ports/" + port).at("/port/binding:profile/pci_slot").asText();
    assertThat(vf.get(1)).isEqualTo(slot);
    await.until(ExpectedConditions.attributeToBe(device(host, "0000:06:00.0"), "data-status", "unavailable"));
    String screenshot = System.getProperty("vdpa.dashboard.screenshot");
    if (screenshot != null) Files.write(Path.of(screenshot), browser.getScreenshotAs(OutputType.BYTES));

    read(d -> {
      d.findElement(allocated).findElement(By.cssSelector("a.server")).click();
      return true;
    });
    By page = By.cssSelector(".server-page[data-server='" + server + "']");
    await.until(ExpectedConditions.visibilityOfElementLocated(page));
    List<String> shown = snapshot(TEXT + """
        const p = document.querySelector(`.server-page[data-server='${arguments[0]}']`);
        const parts = p && [p.querySelector('h2'), p.querySelector('.server-status'),
          p.querySelector(`.port[data-port='${arguments[1]}']`), p.querySelector(`[data-address='${arguments[2]}']`),
          p.querySelector('table.actions')];
        if (!parts || parts.includes(null)) return null;
        return [text(parts[0]), text(parts[1]), text(parts[2]), parts[3].getAttribute('data-status'), text(parts[4])];""",
        server, port, slot);
    assertThat(shown.get(0)).isEqualTo("web-1");
    assertThat(shown.get(1)).isEqualTo("ACTIVE");
    assertThat(shown.get(2)).isEqualTo("web-port (vdpa) on " + host + " " + slot + " [physnet4]");
    assertThat(shown.get(3)).isEqualTo("allocated");
    assertThat(shown.get(4)).contains("create").contains("compute__do_build_and_run_instance").contains("Success");
  }

  @Test
  @Order(3)
  void aRequestThatCannotFitIsExplainedHostByHost() throws Exception {
    String physnet7 = admin.expect(201, "POST", "/networking/v2.0/networks", "{\"network\": {\"name\": \"physnet7-net\","
        + " \"shared\": true, \"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet7\","
        + " \"provider:segmentation_id\": 77}}").at("/network/id").asText();
    String port = admin.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"name\": \"far-port\", \"network_id\": \""
        + physnet7 + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
    browser.findElement(By.id("nav-explain")).click();
    WebElement form = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("explain-form")));
    new Select(form.findElement(By.name("flavor"))).selectByVisibleText("m1.vdpa (2 vCPUs, 2048 MB)");
    form.findElement(By.cssSelector("input[name=port][value='" + port + "']")).click();
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement message = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("explain-message")));
    assertThat(message.getText()).isEqualTo("No valid host was found. None of the 2 candidate hosts can take the server: "
        + "2 refused by PciPassthroughFilter (no vdpa device on physnet7).");
    for (String host : List.of("compute-0", "compute-1")) {
      WebElement row = browser.findElement(By.cssSelector("table.verdicts tr[data-host='" + host + "']"));
      assertThat(row.findElement(By.cssSelector(".reason")).getText())
          .isEqualTo("no vdpa device on physnet7 (this host's vdpa devices are on physnet4)");
    }
  }

  @Test
  @Order(4)
  void loggingOutRevokesTheToken() throws Exception {
    String token = ApiServer.JSON.readTree(sessionToken()).get("token").asText();
    assertThat(status(token)).as("the browser's token works before").isEqualTo(200);
    browser.findElement(By.id("logout")).click();
    await.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    assertThat(sessionToken()).isNull();
    await.until(d -> status(token) == 401);
  }

  @Test
  @Order(5)
  void aMemberSeesItsOwnServersAndNoHostsWithoutAnError() throws Exception {
    logIn("demo", AllInOneCloud.DEMO_CLOUD, "demo");
    By row = By.cssSelector("tr[data-server='" + server + "']");
    await.until(ExpectedConditions.visibilityOfElementLocated(row));
    String text = read(d -> d.findElement(row).getText());
    assertThat(text).contains("web-1").contains("ACTIVE").contains("web-port (vdpa) on ");
    assertThat(browser.findElement(By.id("nav-hosts")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("status")).getAttribute("class")).doesNotContain("error");
    browser.findElement(By.id("logout")).click();
    await.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
  }

  /** What the compute API answers to a call with this token. */
  private static int status(String token) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(SERVERS))).header("X-Auth-Token", token)
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new AssertionError("cannot reach the cloud", e);
    }
  }
}
