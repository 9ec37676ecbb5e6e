package org.vdpacompute.ovs;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A unix socket in front of an OVSDB server's socket that passes every byte both ways, except that,
 * when asked, it holds back the next request that inserts an Interface (a plug) until the test
 * delivers it. While it is held, the program that sent it can be killed with its plug on the way;
 * delivered afterwards, the plug reaches the switch as the kernel delivers what a killed process
 * had written to a socket.
 */
public final class OvsdbRelay implements AutoCloseable {
  // The plug's commit as OvsdbSwitchPorts writes it (compact JSON); its reads and unplugs never hold this.
  private static final String PLUG = "\"op\":\"insert\",\"table\":\"Interface\"";

  private final Path socket;
  private final UnixDomainSocketAddress upstream;
  private final ServerSocketChannel listener;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ovsdb-relay");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<HeldPlug> next = new AtomicReference<>();

  private OvsdbRelay(Path socket, Path upstream) throws IOException {
    this.socket = socket;
    this.upstream = UnixDomainSocketAddress.of(upstream);
    this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
    threads.execute(this::accept);
  }

  /** Listens on {@code socket}, passing each connection on to the server listening on {@code upstream}. */
  public static OvsdbRelay start(Path socket, Path upstream) throws IOException {
    return new OvsdbRelay(socket, upstream);
  }

  /** Where clients connect: {@code unix:SOCKET}. */
  public OvsdbEndpoint endpoint() {
    return new OvsdbEndpoint.Unix(socket);
  }

  /** Holds back the next plug that passes, whichever connection it comes on. */
  public HeldPlug holdNextPlug() {
    HeldPlug held = new HeldPlug();
    next.set(held);
    return held;
  }

  /** A plug held back on its way to the switch. */
  public static final class HeldPlug {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch delivered = new CountDownLatch(1);

    /** Waits until the plug reached the relay. */
    public void awaitArrival(Duration timeout) throws InterruptedException {
      if (!arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("no plug reached the switch within " + timeout);
      }
    }

    /** Lets the plug go on to the switch. */
    public void deliver() {
      delivered.countDown();
    }
  }

  private void accept() {
    while (listener.isOpen()) {
      try {
        SocketChannel client = listener.accept();
        SocketChannel server = SocketChannel.open(StandardProtocolFamily.UNIX);
        server.connect(upstream);
        threads.execute(() -> pump(client, server, true));
        threads.execute(() -> pump(server, client, false));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Copies {@code from} to {@code to} until either side ends, then closes both, as a dead peer's kernel does. */
  private void pump(SocketChannel from, SocketChannel to, boolean requests) {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    try (from; to) {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        if (requests) {
          holdIfPlug(buffer);
        }
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
    } catch (IOException e) {
      // one side went away, and with this the other
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void holdIfPlug(ByteBuffer buffer) throws InterruptedException {
    HeldPlug held = next.get();
    if (held != null && StandardCharsets.UTF_8.decode(buffer.duplicate()).toString().contains(PLUG)
        && next.compareAndSet(held, null)) {
      held.arrived.countDown();
      held.delivered.await();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
    Files.deleteIfExists(socket);
  }
}
