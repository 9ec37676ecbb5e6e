package org.vdpacompute.controller.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;

class IpAllocatorTest {

  private static Subnet subnet(String cidr, String gateway) {
    Cidr c = Cidr.parse(cidr);
    return new Subnet("s", "s", "n", "p", c.version(), c.toString(), gateway, IpAllocator.defaultPools(c, gateway),
        true, Instant.EPOCH);
  }

  @Test
  void defaultPoolsSkipTheNetworkTheGatewayAndTheBroadcast() {
    assertThat(IpAllocator.defaultPools(Cidr.parse("10.0.0.0/24"), "10.0.0.1"))
        .containsExactly(new Subnet.AllocationPool("10.0.0.2", "10.0.0.254"));
    assertThat(IpAllocator.defaultPools(Cidr.parse("10.0.0.0/24"), "10.0.0.100"))
        .containsExactly(new Subnet.AllocationPool("10.0.0.1", "10.0.0.99"), new Subnet.AllocationPool("10.0.0.101", "10.0.0.254"));
    assertThat(IpAllocator.defaultPools(Cidr.parse("fd00::/64"), "fd00::1").get(0).start()).isEqualTo("fd00::2");
  }

  @Test
  void theLowestFreeAddressIsChosenUntilNoneIsLeft() {
    Subnet s = subnet("192.168.5.0/30", "192.168.5.1");
    assertThat(IpAllocator.next(s, Set.of())).hasValue("192.168.5.2");
    assertThat(IpAllocator.next(s, Set.of("192.168.5.2"))).isEmpty();
  }

  @Test
  void randomAddressesComeFromEveryPoolAndNothingElse() {
    Subnet s = subnet("10.0.0.0/29", "10.0.0.3");
    SplittableRandom random = new SplittableRandom(1);
    Set<String> drawn = new HashSet<>();
    for (int k = 0; k < 500; k++) drawn.add(IpAllocator.random(s, random).orElseThrow());
    assertThat(drawn).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5", "10.0.0.6");
    assertThat(IpAllocator.random(subnet("fd00::/64", "fd00::1"), random).orElseThrow()).startsWith("fd00::");
    assertThat(IpAllocator.random(subnet("10.0.0.0/31", null), random)).isEmpty();
  }

  @Test
  void badCidrsAndAddressesAreClearErrors() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.5/24")).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("'10.0.0.0/24' is recommended");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("address/prefix");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> Cidr.parse("example.com/24")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> IpAllocator.requireInSubnet(subnet("10.0.0.0/24", "10.0.0.1"), "10.0.1.5"))
        .hasMessageContaining("not a valid IP for the subnet 10.0.0.0/24");
    assertThat(IpAllocator.requireInSubnet(subnet("10.0.0.0/24", "10.0.0.1"), "10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(List.of(Cidr.parse("fd00:0:0:1::/64").toString())).containsExactly("fd00:0:0:1::/64");
  }
}
