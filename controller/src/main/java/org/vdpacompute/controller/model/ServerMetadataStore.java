package org.vdpacompute.controller.model;

import java.util.Collection;
import java.util.Map;

/** Where servers' metadata (key and value pairs their users set) lives. */
public interface ServerMetadataStore {
  /** A server's metadata, by key. */
  Map<String, String> metadata(String instanceUuid);

  /** The metadata of several servers, read together; a server without any is left out. */
  Map<String, Map<String, String>> metadata(Collection<String> instanceUuids);

  /** Sets these keys of a server's metadata; its other keys stay. */
  void put(String instanceUuid, Map<String, String> items);

  /** Makes a server's metadata exactly these items. */
  void replace(String instanceUuid, Map<String, String> items);

  /** Deletes one key of a server's metadata; false when it had none of that key. */
  boolean delete(String instanceUuid, String key);
}
