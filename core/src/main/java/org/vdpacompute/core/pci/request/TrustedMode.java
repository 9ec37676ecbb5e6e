package org.vdpacompute.core.pci.request;

import java.util.Map;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.OsloBoolean;
import org.vdpacompute.core.pci.Tags;

/**
 * What a port's {@code binding:profile} says of {@code trusted}, and so what its PCI request asks
 * of the devices' {@code trusted} tag: as Nova, a port that says true asks for devices tagged
 * trusted true, one that says false for devices tagged false, and one that does not say asks nothing.
 */
public enum TrustedMode {
  /** The profile does not say: any device, tagged or not. */
  NOT_ASKED(null),
  /** Devices tagged {@code trusted} true: the guest may change the VF's MAC or go promiscuous. */
  TRUSTED("true"),
  /** Devices tagged {@code trusted} false. */
  UNTRUSTED("false");

  private final String tagValue;

  TrustedMode(String tagValue) {
    this.tagValue = tagValue;
  }

  /** Adds what this mode asks to a request spec's attributes. */
  void askIn(Map<String, String> spec) {
    if (tagValue != null) {
      spec.put(Tags.TRUSTED, tagValue);
    }
  }

  /**
   * The mode a port's profile value says, in any of oslo's boolean spellings.
   *
   * @param value the profile's {@code trusted}, or null when absent
   * @throws InvalidValueException when the value spells no boolean (Nova would take it as false)
   */
  public static TrustedMode fromProfile(String portId, Object value) {
    if (value == null) {
      return NOT_ASKED;
    }
    return OsloBoolean.parse(value).map(trusted -> trusted ? TRUSTED : UNTRUSTED)
        .orElseThrow(() -> new InvalidValueException("port " + portId + ": binding:profile trusted '" + value
            + "' is not a boolean (" + OsloBoolean.SPELLINGS + ")"));
  }
}
