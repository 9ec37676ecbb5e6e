package org.vdpacompute.core.pci.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nova's answers: every case goes through one run of {@code nova_oracle.py} (Nova's imports take a
 * second or two, so one process answers them all), with the system Python that has Nova installed.
 */
final class NovaOracle {
  static final String PYTHON = "/usr/bin/python3";
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** A long seeded run answers thousands of cases; a hung interpreter must still end the test. */
  private static final long TIMEOUT_MINUTES = 60;

  private NovaOracle() {}

  /** Nova's answer to each case, by case id. */
  static Map<Integer, JsonNode> answer(List<ParityCase> cases, Path workDir) throws IOException, InterruptedException {
    Path input = workDir.resolve("cases.jsonl");
    try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (ParityCase c : cases) {
        out.write(JSON.writeValueAsString(c));
        out.write('\n');
      }
    }
    Path output = workDir.resolve("answers.jsonl");
    Path log = workDir.resolve("oracle.log");
    Process python;
    try {
      python = new ProcessBuilder(PYTHON, script().toString())
          .redirectInput(input.toFile())
          .redirectOutput(output.toFile())
          .redirectError(log.toFile())
          .start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + PYTHON + " with Nova; install the python3-nova package", e);
    }
    if (!python.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      python.destroyForcibly();
      throw new AssertionError("the Nova oracle did not finish within " + TIMEOUT_MINUTES + " minutes");
    }
    if (python.exitValue() != 0) {
      throw new AssertionError("the Nova oracle failed (exit " + python.exitValue() + "): " + Files.readString(log));
    }
    Map<Integer, JsonNode> answers = new HashMap<>();
    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
      JsonNode answer = JSON.readTree(line);
      answers.put(answer.get("id").asInt(), answer);
    }
    if (answers.size() != cases.size()) {
      throw new AssertionError("the Nova oracle answered " + answers.size() + " of " + cases.size()
          + " cases: " + Files.readString(log));
    }
    return answers;
  }

  private static Path script() {
    try {
      return Path.of(NovaOracle.class.getResource("/nova-parity/nova_oracle.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
