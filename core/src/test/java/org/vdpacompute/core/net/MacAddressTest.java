package org.vdpacompute.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class MacAddressTest {

  @Test
  void unicastAddressIsNormalisedToLowercaseColons() {
    assertThat(MacAddress.parse("FA-16-3E-0A-0B-0C").value()).isEqualTo("fa:16:3e:0a:0b:0c");
  }

  @Test
  void multicastAddressIsRefusedSayingWhy() {
    assertThatThrownBy(() -> MacAddress.parse("01:00:5e:00:00:01"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("01:00:5e:00:00:01 is multicast");
  }

  @Test
  void broadcastAddressIsRefused() {
    assertThatThrownBy(() -> MacAddress.parse("ff:ff:ff:ff:ff:ff"))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("multicast");
  }

  @Test
  void malformedAddressIsRefusedNamingIt() {
    assertThatThrownBy(() -> MacAddress.parse("fa:16:3e:0a:0b"))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("'fa:16:3e:0a:0b'");
  }

  @Property
  void randomAddressesAreLocallyAdministeredUnicast(@ForAll long seed) {
    MacAddress mac = MacAddress.random(new SplittableRandom(seed));
    int first = Integer.parseInt(mac.value().substring(0, 2), 16);
    assertThat(first & 0x01).isZero();
    assertThat(mac.isLocallyAdministered()).isTrue();
  }
}
