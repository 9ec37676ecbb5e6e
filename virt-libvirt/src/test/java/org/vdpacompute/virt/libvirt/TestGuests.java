package org.vdpacompute.virt.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Guests for libvirt's test driver, independent of the product's guest XML builder. */
final class TestGuests {

  /**
   * libvirt's test driver in this process, no daemon. All connections of one process share its
   * state (and its pre-defined guest "test") while any is open, so each test uses fresh UUIDs.
   */
  static final String TEST_URI = "test:///default";

  private TestGuests() {}

  /** A minimal domain of type test named after the instance. */
  static String minimalDomain(UUID instance) {
    return resource("/domains/minimal-test-domain.xml")
        .replace("@NAME@", name(instance))
        .replace("@UUID@", instance.toString());
  }

  static String name(UUID instance) {
    return "instance-" + instance;
  }

  static String resource(String path) {
    try (InputStream in = TestGuests.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
