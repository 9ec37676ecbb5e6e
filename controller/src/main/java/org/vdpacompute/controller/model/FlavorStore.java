package org.vdpacompute.controller.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where flavors live. Inserting a flavor whose id or name is taken is a ConflictException. */
public interface FlavorStore {
  void insert(Flavor flavor);

  Optional<Flavor> flavor(String id);

  Optional<Flavor> byName(String name);

  /** All flavors, by id; private ones too when {@code includePrivate}. */
  List<Flavor> flavors(boolean includePrivate);

  void setExtraSpecs(String flavorId, Map<String, String> specs);

  void deleteExtraSpec(String flavorId, String key);

  void delete(String id);
}
