package org.vdpacompute.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The program's version, which the build writes from the Maven project's version. */
public final class Version implements CommandLine.IVersionProvider {
  private static final String RESOURCE = "version.properties";

  /** The version, as {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}. */
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build of " + Version.class.getPackageName());
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"vdpa-compute " + current()};
  }
}
