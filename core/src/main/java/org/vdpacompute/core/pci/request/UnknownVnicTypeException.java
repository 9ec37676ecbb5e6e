package org.vdpacompute.core.pci.request;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.vdpacompute.core.InvalidValueException;

/** A port names a {@code binding:vnic_type} this cloud does not know. */
public class UnknownVnicTypeException extends InvalidValueException {
  public UnknownVnicTypeException(String name) {
    super("unknown binding:vnic_type '" + name + "'; expected one of "
        + Arrays.stream(VnicType.values()).map(VnicType::apiName).collect(Collectors.joining(", ")));
  }
}
