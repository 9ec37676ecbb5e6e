package org.vdpacompute.core.pci;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each equal value a device report holds (addresses, vendor and product ids, vDPA
 * devices): the hosts of a cloud report the same few hundred of them, and a controller that keeps a hundred
 * thousand hosts' devices in memory would otherwise hold millions of equal copies, one per device
 * and one more per parent address. The table only grows, which is safe for these values: there
 * are as many of them as there are distinct device addresses and models in the cloud, not devices.
 */
final class SharedValues {
  private static final Map<Object, Object> VALUES = new ConcurrentHashMap<>();

  private SharedValues() {}

  /** The instance kept for values equal to {@code value}; null for null. */
  @SuppressWarnings("unchecked")
  static <T> T of(T value) {
    if (value == null) return null;
    Object kept = VALUES.putIfAbsent(value, value);
    return kept == null ? value : (T) kept;
  }
}
