package org.vdpacompute.core.pci.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.Tags;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * One {@code [pci] alias} entry: a name a flavor asks for ({@code pci_passthrough:alias=gpu:1}) and
 * the devices it may be served by.
 *
 * @param name the alias name, without surrounding blanks
 * @param vendorId lowercase hex, or null for any vendor
 * @param productId lowercase hex, or null for any product
 * @param deviceType the device type required, or null; never {@link DevType#VDPA}
 * @param numaPolicy the NUMA affinity the alias asks for, or null for the default
 */
public record PciAlias(
    String name, String vendorId, String productId, DevType deviceType, NumaPolicy numaPolicy) {

  /** Longest alias name Nova accepts. */
  public static final int MAX_NAME_LENGTH = 256;

  static final String VDPA_REFUSED =
      "cannot be used by an alias: vDPA devices are consumed only through ports with"
          + " vnic_type vdpa, never through a flavor alias";

  public PciAlias {
    name = name == null ? null : name.strip();
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new InvalidAliasException(
          "alias name '" + name + "' must be 1 to " + MAX_NAME_LENGTH + " characters");
    }
    vendorId = vendorId == null ? null : VendorProduct.checkId(Tags.VENDOR_ID, vendorId);
    productId = productId == null ? null : VendorProduct.checkId(Tags.PRODUCT_ID, productId);
    if (deviceType == DevType.VDPA) {
      throw new InvalidAliasException("alias '" + name + "': device_type 'vdpa' " + VDPA_REFUSED);
    }
  }

  /**
   * The device attributes a request made from this alias asks for, as Nova's request spec: {@code
   * vendor_id}, {@code product_id} and {@code dev_type}, each only when the alias sets it, with
   * values in the form pools compare ({@link Tags#normalize}, {@link DevType#tagValue}).
   */
  public Map<String, String> requestSpec() {
    Map<String, String> spec = new LinkedHashMap<>();
    if (vendorId != null) {
      spec.put(Tags.VENDOR_ID, Tags.normalize(vendorId));
    }
    if (productId != null) {
      spec.put(Tags.PRODUCT_ID, Tags.normalize(productId));
    }
    if (deviceType != null) {
      spec.put(Tags.DEV_TYPE, deviceType.tagValue());
    }
    return Collections.unmodifiableMap(spec);
  }
}
