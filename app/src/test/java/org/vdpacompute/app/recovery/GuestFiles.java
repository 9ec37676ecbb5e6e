package org.vdpacompute.app.recovery;

import java.nio.file.Path;
import java.util.List;

/** Where the emulated hosts of a test cloud keep their guests' files, for the {@link Invariants} to look at. */
public interface GuestFiles {
  /** The emulated hosts, by name. */
  List<String> hosts();

  /** A host's state directory ({@code [DEFAULT] state_path} of its agent). */
  Path stateDirectory(String host);

  /** The guest's domain file on an emulated host, while the host defines the guest. */
  default Path domainFile(String host, String server) {
    return stateDirectory(host).resolve("emulated/domains").resolve(server + ".xml");
  }

  /** The guest's run state on an emulated host. */
  default Path stateFile(String host, String server) {
    return stateDirectory(host).resolve("emulated/run").resolve(server + ".state");
  }
}
