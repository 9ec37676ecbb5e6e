package org.vdpacompute.controller.workflows;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.core.ConflictException;

/**
 * A server's console output (Nova's {@code os-getConsoleOutput}): the end of what the guest wrote to
 * its serial console, read by its host's agent, cut to its last lines on request.
 */
public final class ConsoleOutput {
  /** Control characters other than tab and newline, which Nova removes from the output. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F]");

  private final Servers servers;
  private final Agents agents;

  ConsoleOutput(Servers servers, Agents agents) {
    this.servers = servers;
    this.agents = agents;
  }

  /**
   * @param lines how many lines from the end; null (or -1, or 0, as in Nova) for all of it
   * @throws ConflictException when the server is on no host (Nova's 409 "not ready")
   */
  public String of(String uuid, Caller who, Integer lines) {
    Instance i = servers.server(uuid, who.projectId(), who.admin());
    if (i.host() == null) {
      throw new ConflictException("Instance " + uuid + " is not ready: it is on no host, so it has no console");
    }
    String log = CONTROL.matcher(agents.on(i.host()).consoleLog(UUID.fromString(i.uuid()))).replaceAll("");
    return lines == null || lines <= 0 ? log : tail(log, lines);
  }

  /** The last {@code n} lines, counted as Nova counts them (a final newline ends an empty last line). */
  static String tail(String log, int n) {
    List<String> all = List.of(log.split("\n", -1));
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }
}
