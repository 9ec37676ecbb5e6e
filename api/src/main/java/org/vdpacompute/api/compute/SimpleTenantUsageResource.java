package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.usage.ServerUsage;
import org.vdpacompute.controller.usage.TenantUsage;
import org.vdpacompute.controller.usage.Usages;
import org.vdpacompute.core.InvalidValueException;

/**
 * {@code os-simple-tenant-usage}: what servers used of a period ({@code start}, {@code end}; now
 * when left out), every project's for administrators, one project's for its readers; from 2.40 a
 * page of servers at a time ({@code limit}, {@code marker}) with a link to the next.
 */
public final class SimpleTenantUsageResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/os-simple-tenant-usage";
  /** Nova's {@code [api] max_limit}. */
  private static final int MAX_LIMIT = 1000;
  /** The forms Nova's usage API reads, without a zone: UTC. */
  private static final List<DateTimeFormatter> FORMATS = List.of(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS"), DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS"));
  /** How Nova writes the times of a usage: naive UTC with microseconds. */
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  private final Usages usages;

  public SimpleTenantUsageResource(Usages usages) {
    this.usages = usages;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      boolean detailed = "1".equals(ctx.queryParam("detailed"));
      Usages.UsagePage page = page(ctx, null);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("tenant_usages", page.usages().stream().map(u -> render(u, detailed)).toList());
      links(ctx, page).ifPresent(l -> body.put("tenant_usages_links", l));
      ctx.json(body);
    }, Access.to(Action.USAGE_LIST));
    app.get(BASE + "/{id}", ctx -> {
      String project = ctx.pathParam("id");
      Policy.authorize(ApiServer.token(ctx), Action.USAGE_SHOW, project);
      Usages.UsagePage page = page(ctx, project);
      Map<String, Object> body = new LinkedHashMap<>();
      // Nova answers a project without servers in the period with an empty document.
      body.put("tenant_usage", page.usages().isEmpty() ? Map.of() : render(page.usages().get(0), true));
      links(ctx, page).ifPresent(l -> body.put("tenant_usage_links", l));
      ctx.json(body);
    }, Access.to(Action.USAGE_SHOW));
  }

  private Usages.UsagePage page(Context ctx, String project) {
    Instant start = time(ctx, "start");
    Instant end = time(ctx, "end");
    boolean paged = ComputeApi.of(ctx).isAtLeast(2, 40);
    int limit = paged ? limit(ctx.queryParam("limit")) : MAX_LIMIT;
    return usages.report(start, end, project, limit, paged ? ctx.queryParam("marker") : null);
  }

  private static int limit(String asked) {
    if (asked == null) return MAX_LIMIT;
    int n;
    try {
      n = Integer.parseInt(asked);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("limit must be an integer, not " + JsonBodies.shown(asked));
    }
    if (n < 0) throw new InvalidValueException("limit must be >= 0, not " + n);
    return n == 0 || n > MAX_LIMIT ? MAX_LIMIT : n;
  }

  /** The time a parameter names; null (now) when it is left out. */
  private static Instant time(Context ctx, String param) {
    String text = ctx.queryParam(param);
    if (text == null || text.isEmpty()) return null;
    for (DateTimeFormatter f : FORMATS) {
      try {
        return LocalDateTime.parse(text, f).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // The next form may read it.
      }
    }
    throw new InvalidValueException("Datetime is in invalid format: " + param + " " + JsonBodies.shown(text)
        + " is not of the form 2012-01-20T00:00:00");
  }

  private static Optional<List<Map<String, String>>> links(Context ctx, Usages.UsagePage page) {
    if (page.lastServer() == null || !ComputeApi.of(ctx).isAtLeast(2, 40)) return Optional.empty();
    StringBuilder query = new StringBuilder();
    ctx.queryParamMap().forEach((k, values) -> {
      if (!k.equals("marker")) values.forEach(v -> query.append(k).append('=').append(encode(v)).append('&'));
    });
    query.append("marker=").append(page.lastServer());
    String href = ServiceCatalog.of(ctx).url(ctx.path()) + "?" + query;
    return Optional.of(List.of(Map.of("href", href, "rel", "next")));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> render(TenantUsage u, boolean detailed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant_id", u.tenantId());
    if (detailed) {
      List<Map<String, Object>> servers = new ArrayList<>();
      for (ServerUsage s : u.servers()) servers.add(render(s));
      m.put("server_usages", servers);
    }
    m.put("total_local_gb_usage", u.totalLocalGbUsage());
    m.put("total_vcpus_usage", u.totalVcpusUsage());
    m.put("total_memory_mb_usage", u.totalMemoryMbUsage());
    m.put("total_hours", u.totalHours());
    m.put("start", shown(u.start()));
    m.put("stop", shown(u.stop()));
    return m;
  }

  private static Map<String, Object> render(ServerUsage s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hours", s.hours());
    m.put("flavor", s.flavor());
    m.put("instance_id", s.instanceId());
    m.put("name", s.name());
    m.put("tenant_id", s.tenantId());
    m.put("memory_mb", s.memoryMb());
    m.put("local_gb", s.localGb());
    m.put("vcpus", s.vcpus());
    m.put("started_at", shown(s.startedAt()));
    m.put("ended_at", shown(s.endedAt()));
    m.put("state", s.state());
    m.put("uptime", s.uptime());
    return m;
  }

  private static String shown(Instant t) {
    return t == null ? null : SHOWN.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }
}
