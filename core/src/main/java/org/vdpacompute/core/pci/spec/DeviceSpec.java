package org.vdpacompute.core.pci.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.Tags;

/**
 * One parsed {@code [pci] device_spec} object: which devices it selects (vendor, product, and an
 * address pattern or a network interface name) and the tags it gives them. Immutable.
 *
 * <p>A vDPA device is matched exactly like the VF it is bound to: its {@link DeviceIdentity}
 * carries the VF's address and ids.
 */
public final class DeviceSpec {
  private final ConfigEntry origin;
  private final String vendorId;
  private final String productId;
  private final AddressPattern address;
  private final String devname;
  private final Map<String, String> tags;

  /**
   * @param vendorId four lowercase hex digits (or, for a negative number, a text no device has), or null for any
   * @param productId likewise
   * @param address the address pattern; null exactly when {@code devname} is given
   * @param tags normalised tag values
   */
  DeviceSpec(
      ConfigEntry origin,
      String vendorId,
      String productId,
      AddressPattern address,
      String devname,
      Map<String, String> tags) {
    if ((address == null) == (devname == null)) {
      throw new IllegalArgumentException("a device spec has either an address or a devname");
    }
    this.origin = origin;
    this.vendorId = vendorId;
    this.productId = productId;
    this.address = address;
    this.devname = devname;
    // An immutable map, which the devices given these tags share instead of copying it.
    this.tags = Map.copyOf(tags);
  }

  /** Where the spec was configured: {@code device_spec entry 2} or {@code ..., element 3}. */
  public String origin() {
    return origin.describe();
  }

  /** The vendor id required, lowercase; empty for any. */
  public Optional<String> vendorId() {
    return Optional.ofNullable(vendorId);
  }

  /** The product id required, lowercase; empty for any. */
  public Optional<String> productId() {
    return Optional.ofNullable(productId);
  }

  /** The network interface name selecting the device, when the spec uses one. */
  public Optional<String> devname() {
    return Optional.ofNullable(devname);
  }

  /**
   * The tags given to matching devices, values normalised by {@link Tags#normalize}. A tag
   * configured as JSON null is absent.
   */
  public Map<String, String> tags() {
    return tags;
  }

  /** True when the spec says its devices are managed remotely (off-path, e.g. on a DPU). */
  public boolean remoteManaged() {
    return "true".equals(tags.get(Tags.REMOTE_MANAGED));
  }

  /**
   * True if the spec selects the device. A spec with a {@code devname} selects the function with
   * that interface and, when it is a PF's, the PF's VFs; a spec with an address selects by address,
   * and VFs also by their parent when the address names one PF. A remote-managed spec selects only
   * devices whose card reports a VPD serial number: the networking backend finds the card (a DPU)
   * that programs the device by it, so Nova leaves the others to later specs.
   */
  public boolean matches(DeviceIdentity device) {
    return selects(device) && (!remoteManaged() || device.cardSerial() != null);
  }

  private boolean selects(DeviceIdentity device) {
    return (vendorId == null || vendorId.equals(device.ids().vendorId()))
        && (productId == null || productId.equals(device.ids().productId()))
        && (devname != null
            ? devname.equals(device.ifname()) || devname.equals(device.parentIfname())
            : address.matches(device.address(), device.parentAddress()));
  }

  /**
   * Refuses a remote-managed spec that the host's devices show to be wrong, as Nova refuses it when
   * it reads the spec (from sysfs): one naming an interface the host does not have, and one naming
   * a PF (by its one address or its interface) unless its ids are those of the PF's VFs: only VFs
   * can be remote-managed. Which interfaces exist and which addresses are PFs is known only when the
   * host's devices are seen.
   *
   * @throws InvalidDeviceSpecException naming the entry, the key and the host's device
   */
  void checkOnHost(List<DeviceIdentity> devices) {
    if (!remoteManaged()) {
      return;
    }
    DeviceIdentity named;
    if (devname != null) {
      named = devices.stream().filter(d -> devname.equals(d.ifname())).findFirst()
          .orElseThrow(() -> new InvalidDeviceSpecException(origin.message("devname", devname,
              "names no network interface of this host; a remote_managed entry must name one")));
    } else {
      named = address.single()
          .flatMap(a -> devices.stream().filter(d -> d.address().equals(a)).findFirst()).orElse(null);
    }
    if (named == null || named.type() != DevType.PF) {
      return;
    }
    Optional<String> vfProduct = devices.stream().filter(d -> named.address().equals(d.parentAddress()))
        .map(d -> d.ids().productId()).findFirst();
    boolean vendorFits = vendorId == null || vendorId.equals(named.ids().vendorId());
    if (vendorFits && productId != null && vfProduct.filter(productId::equals).isPresent()) {
      return;
    }
    if (vendorFits && (productId == null || productId.equals(named.ids().productId()))) {
      throw new InvalidDeviceSpecException(origin.message(Tags.REMOTE_MANAGED, "true",
          "cannot apply to physical function " + named.address() + " (" + named.ids()
              + "): only VFs can be remote-managed"));
    }
    if (vfProduct.isPresent()) {
      throw new InvalidDeviceSpecException(origin.message(Tags.REMOTE_MANAGED, "true",
          "names physical function " + named.address() + " with ids " + (vendorId == null ? "*" : vendorId) + ":"
              + (productId == null ? "*" : productId) + ", which are not those of its VFs ("
              + named.ids().vendorId() + ":" + vfProduct.get() + ")"));
    }
  }

  @Override
  public String toString() {
    return origin.describe()
        + " {vendor_id="
        + (vendorId == null ? "*" : vendorId)
        + ", product_id="
        + (productId == null ? "*" : productId)
        + (devname != null ? ", devname=" + devname : ", address=" + address)
        + ", tags="
        + new TreeMap<>(tags)
        + "}";
  }
}
