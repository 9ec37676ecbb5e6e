package org.vdpacompute.core.pci;

import java.util.Locale;

/**
 * How spec tag values compare. Nova compares device-spec tags with request specs as strings, so a
 * JSON {@code true} and the string {@code "True"} must mean the same; we normalise both sides to
 * lowercase strings once, so comparison is plain equality.
 */
public final class Tags {
  public static final String PHYSICAL_NETWORK = "physical_network";
  public static final String REMOTE_MANAGED = "remote_managed";
  public static final String TRUSTED = "trusted";
  public static final String DEV_TYPE = "dev_type";
  public static final String VENDOR_ID = "vendor_id";
  public static final String PRODUCT_ID = "product_id";
  public static final String NUMA_NODE = "numa_node";
  public static final String PARENT_IFNAME = "parent_ifname";

  private Tags() {}

  /** The comparable form of a tag value: JSON booleans and strings alike become lowercase text. */
  public static String normalize(Object value) {
    if (value == null) {
      return null;
    }
    return value.toString().trim().toLowerCase(Locale.ROOT);
  }
}
