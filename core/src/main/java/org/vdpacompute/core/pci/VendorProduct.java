package org.vdpacompute.core.pci;

import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/** A PCI vendor and product id, each four lowercase hex digits ({@code 15b3:101e}). */
public record VendorProduct(String vendorId, String productId) {

  private static final Pattern HEX4 = Pattern.compile("[0-9a-f]{4}");

  public VendorProduct {
    vendorId = checkId("vendor_id", vendorId);
    productId = checkId("product_id", productId);
  }

  /** Normalises a 4-digit hex id to lowercase, refusing anything else with the field's name. */
  public static String checkId(String field, String id) {
    String normal = id == null ? null : id.trim().toLowerCase(java.util.Locale.ROOT);
    if (normal == null || !HEX4.matcher(normal).matches()) {
      throw new InvalidValueException(field + " '" + id + "' is not 4 hex digits");
    }
    // Interned: a cloud has a handful of ids, reported for every device of every host.
    return normal.intern();
  }

  /** Parses {@code vvvv:pppp}, the form of Nova's {@code pci_vendor_info}. */
  public static VendorProduct parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new InvalidValueException("'" + text + "' is not a vendor:product pair");
    }
    return new VendorProduct(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return vendorId + ":" + productId;
  }
}
