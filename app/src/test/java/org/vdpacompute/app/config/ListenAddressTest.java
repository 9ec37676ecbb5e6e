package org.vdpacompute.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

  @Test
  void parsesHostNamesIpv4AndBracketedIpv6() {
    assertThat(ListenAddress.parse("controller.example.org:8774"))
        .isEqualTo(new ListenAddress("controller.example.org", 8774));
    assertThat(ListenAddress.parse("0.0.0.0:0")).isEqualTo(new ListenAddress("0.0.0.0", 0));
    assertThat(ListenAddress.parse("[::]:8774")).isEqualTo(new ListenAddress("::", 8774));
  }

  @Test
  void printsTheFormItParses() {
    for (String text : new String[] {"127.0.0.1:8774", "[fe80::1]:65535", "localhost:0"}) {
      assertThat(ListenAddress.parse(text)).hasToString(text);
    }
  }

  @Test
  void refusesWhatIsNotHostColonPort() {
    for (String text : new String[] {"8774", ":8774", "host:", "::1:8774", "host:port", "a b:1", "h:123456"}) {
      assertThatThrownBy(() -> ListenAddress.parse(text)).as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("is not host:port (an IPv6 address as [::1]:port)");
    }
    assertThatThrownBy(() -> ListenAddress.parse("host:65536"))
        .hasMessage("port 65536 is not between 0 and 65535");
  }
}
