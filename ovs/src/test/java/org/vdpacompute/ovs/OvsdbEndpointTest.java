package org.vdpacompute.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class OvsdbEndpointTest {

  @Test
  void readsTheFormsOvsVsctlTakes() {
    assertThat(OvsdbEndpoint.parse("unix:/var/run/openvswitch/db.sock"))
        .isEqualTo(new OvsdbEndpoint.Unix(Path.of("/var/run/openvswitch/db.sock")));
    assertThat(OvsdbEndpoint.parse("tcp:127.0.0.1:6640")).isEqualTo(new OvsdbEndpoint.Tcp("127.0.0.1", 6640));
    assertThat(OvsdbEndpoint.parse("tcp:[::1]:6640")).isEqualTo(new OvsdbEndpoint.Tcp("::1", 6640));
    assertThat(OvsdbEndpoint.parse("tcp:[::1]:6640")).hasToString("tcp:[::1]:6640");
  }

  @Test
  void refusesWhatItCannotUseWithTheFormsItTakes() {
    assertThatThrownBy(() -> OvsdbEndpoint.parse("ssl:10.0.0.1:6640")).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("SSL remote, which is not supported");
    assertThatThrownBy(() -> OvsdbEndpoint.parse("tcp:host")).hasMessageContaining("has no port");
    assertThatThrownBy(() -> OvsdbEndpoint.parse("tcp:host:http")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> OvsdbEndpoint.parse("tcp:host:70000")).hasMessageContaining("not between 1 and 65535");
    assertThatThrownBy(() -> OvsdbEndpoint.parse("/var/run/openvswitch/db.sock"))
        .hasMessage("is not unix:PATH or tcp:HOST:PORT");
    assertThatThrownBy(() -> OvsdbEndpoint.parse("unix:")).hasMessageContaining("needs a path");
  }
}
