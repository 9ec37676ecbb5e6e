package org.vdpacompute.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One JSON-RPC 1.0 session with an OVSDB server (RFC 7047 section 4): requests written as JSON
 * texts, replies read as the stream of JSON values the server sends, matched by id. The server's
 * {@code echo} probes are answered in passing.
 *
 * <p>A session has one deadline for everything it does, connect included: a watchdog closes the
 * channel when it passes, which ends any blocked connect, write or read at once. So a switch that
 * accepts but never answers costs its caller the timeout, never a hang.
 */
final class OvsdbConnection implements AutoCloseable {

  static final String DATABASE = "Open_vSwitch";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ovsdb-timeout");
    t.setDaemon(true);
    return t;
  });

  private final OvsdbEndpoint endpoint;
  private final Duration timeout;
  private final SocketChannel channel;
  private final AtomicBoolean expired = new AtomicBoolean();
  private final ScheduledFuture<?> watchdog;
  private MappingIterator<JsonNode> replies;
  private long nextId = 1;

  private OvsdbConnection(OvsdbEndpoint endpoint, Duration timeout, SocketChannel channel) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.channel = channel;
    this.watchdog = WATCHDOG.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Connects; the whole session must end within {@code timeout}. */
  static OvsdbConnection open(OvsdbEndpoint endpoint, Duration timeout) {
    SocketChannel channel;
    SocketAddress address;
    try {
      if (endpoint instanceof OvsdbEndpoint.Unix unix) {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        address = UnixDomainSocketAddress.of(unix.path());
      } else {
        OvsdbEndpoint.Tcp tcp = (OvsdbEndpoint.Tcp) endpoint;
        channel = SocketChannel.open();
        address = new InetSocketAddress(tcp.host(), tcp.port());
      }
    } catch (IOException | RuntimeException e) {
      throw new SwitchUnreachableException(endpoint.toString(), "cannot open a socket: " + e, e);
    }
    OvsdbConnection connection = new OvsdbConnection(endpoint, timeout, channel);
    try {
      channel.connect(address);
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw connection.unreachable("cannot connect", e);
    }
    return connection;
  }

  /** Runs {@code ops} as one transaction on the Open_vSwitch database; the server's per-op results. */
  ArrayNode transact(ArrayNode ops) {
    ArrayNode params = NODES.arrayNode().add(DATABASE);
    params.addAll(ops);
    JsonNode result = call("transact", params);
    if (!result.isArray()) {
      throw new SwitchTransactionException(endpoint.toString(), "the switch answered a transaction with " + result);
    }
    return (ArrayNode) result;
  }

  /** The databases the server serves ({@code list_dbs}). */
  JsonNode listDbs() {
    return call("list_dbs", NODES.arrayNode());
  }

  /** The request as it goes on the wire: a JSON-RPC 1.0 request object. */
  static byte[] request(long id, String method, ArrayNode params) {
    ObjectNode request = NODES.objectNode().put("method", method).put("id", id);
    request.set("params", params);
    try {
      return JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  private JsonNode call(String method, ArrayNode params) {
    long id = nextId++;
    try {
      write(request(id, method, params));
      while (true) {
        JsonNode message = next();
        if (message.hasNonNull("method")) {
          answerServer(message);
          continue;
        }
        if (message.path("id").asLong(-1) != id) {
          continue; // a late reply to nothing this session still waits for
        }
        JsonNode error = message.path("error");
        if (!error.isNull() && !error.isMissingNode()) {
          throw new SwitchTransactionException(endpoint.toString(),
              "the switch's database at " + endpoint + " refused " + method + ": " + error);
        }
        return message.path("result");
      }
    } catch (IOException e) {
      throw unreachable(method + " got no answer", e);
    }
  }

  private JsonNode next() throws IOException {
    if (replies == null) {
      // Made on first use: a parser over a byte stream would block to sniff the encoding.
      replies = JSON.readerFor(JsonNode.class)
          .readValues(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }
    if (!replies.hasNextValue()) {
      throw new IOException("the server closed the connection");
    }
    return replies.nextValue();
  }

  /** RFC 7047 section 4.1.11: the server may probe an idle client with {@code echo}. */
  private void answerServer(JsonNode message) throws IOException {
    if ("echo".equals(message.path("method").asText()) && message.has("id")) {
      ObjectNode reply = NODES.objectNode();
      reply.set("id", message.get("id"));
      reply.set("result", message.path("params"));
      reply.putNull("error");
      write(JSON.writeValueAsBytes(reply));
    }
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private SwitchUnreachableException unreachable(String what, Exception e) {
    String reason = expired.get()
        ? "no answer within " + timeout.toMillis() + " ms"
        : what + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
    return new SwitchUnreachableException(endpoint.toString(), reason, e);
  }

  private void expire() {
    expired.set(true);
    closeChannel();
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a socket that failed: nothing is left to release.
    }
  }

  @Override
  public void close() {
    watchdog.cancel(false);
    closeChannel();
  }
}
