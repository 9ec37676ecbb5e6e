package org.vdpacompute.controller.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where flavors and the projects private ones are shared with live. Inserting a flavor whose id or name is taken is a ConflictException. */
public interface FlavorStore {
  void insert(Flavor flavor);

  Optional<Flavor> flavor(String id);

  Optional<Flavor> byName(String name);

  /** All flavors, by id; private ones too when {@code includePrivate}. */
  List<Flavor> flavors(boolean includePrivate);

  void setExtraSpecs(String flavorId, Map<String, String> specs);

  void deleteExtraSpec(String flavorId, String key);

  void delete(String id);

  /** The projects a private flavor is shared with, by id. */
  List<String> projectsWithAccess(String flavorId);

  /** The private flavors shared with a project, by id. */
  java.util.Set<String> sharedWith(String projectId);

  /** Shares a private flavor with a project; a ConflictException when it is shared already. */
  void addAccess(String flavorId, String projectId);

  /** Stops sharing; false when it was not shared with the project. */
  boolean removeAccess(String flavorId, String projectId);
}
