package org.vdpacompute.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.core.UnauthorizedException;

/** The dashboard's files: served without a token, with their types, a tag to revalidate by, and nothing else. */
class DashboardApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ApiServer server;

  @BeforeAll
  static void start() {
    server = ApiServer.start("127.0.0.1", 0, token -> {
      throw new UnauthorizedException("no token is valid here");
    }, List.of(new DashboardApi()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String etag) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (etag != null) b.header("If-None-Match", etag);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndItsFilesComeWithoutATokenWithTheirTypes() throws Exception {
    for (String[] file : new String[][] {{"/dashboard/", "text/html"}, {"/dashboard", "text/html"},
        {"/dashboard/dashboard.js", "text/javascript"}, {"/dashboard/dashboard.css", "text/css"}}) {
      HttpResponse<String> r = get(file[0], null);
      assertThat(r.statusCode()).as(file[0]).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(file[0]).startsWith(file[1]).contains("charset=utf-8");
      assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
          .contains("connect-src 'self'");
    }
    assertThat(get("/dashboard/", null).body()).contains("<script src=\"/dashboard/dashboard.js\" defer></script>");
  }

  @Test
  void anUnchangedFileIsA304AndAnUnknownOneA404() throws Exception {
    HttpResponse<String> first = get("/dashboard/dashboard.js", null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get("/dashboard/dashboard.js", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/dashboard/dashboard.js", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(get("/dashboard/..%2Fpom.xml", null).statusCode()).isEqualTo(404);
    assertThat(get("/dashboard/index.html.bak", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theScriptPutsDataIntoThePageAsTextOnly() throws Exception {
    String script = get("/dashboard/dashboard.js", null).body();
    assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
        .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("document.cookie");
    assertThat(script).contains("sessionStorage.setItem");
  }
}
