package org.vdpacompute.virt.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A guest's serial console log: the file its domain XML logs the serial console to (a pty's
 * {@code <log file>}, or a serial or console of {@code type="file"}), read from its end as Nova
 * reads {@code console.log}.
 */
public final class SerialLog {
  private SerialLog() {}

  /** The log file the domain names, if any. */
  public static Optional<Path> of(String domainXml) {
    Element devices = Xml.child(Xml.parse(domainXml, "domain XML").getDocumentElement(), "devices");
    if (devices == null) return Optional.empty();
    for (String kind : new String[] {"serial", "console"}) {
      for (Element device : Xml.children(devices, kind)) {
        Element log = Xml.child(device, "log");
        if (log != null && !log.getAttribute("file").isEmpty()) return Optional.of(Path.of(log.getAttribute("file")));
        Element source = Xml.child(device, "source");
        if (device.getAttribute("type").equals("file") && source != null && !source.getAttribute("path").isEmpty()) {
          return Optional.of(Path.of(source.getAttribute("path")));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The last {@code maxBytes} of the file as text (a character cut at the start is replaced); empty
   * when the guest has not written it yet.
   */
  public static String tail(Path file, int maxBytes) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long from = Math.max(0, size - maxBytes);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) >= 0) {
        // read until the buffer is full or the file ends
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException notYet) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console log " + file, e);
    }
  }
}
