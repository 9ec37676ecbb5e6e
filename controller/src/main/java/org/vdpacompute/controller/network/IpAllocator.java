package org.vdpacompute.controller.network;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.vdpacompute.core.InvalidValueException;

/**
 * Chooses fixed IPs from a subnet's allocation pools: a random one, as Neutron does, so that
 * concurrent creates rarely want the same address and no create has to read every address in use;
 * or, for a crowded subnet, the lowest of those not in use.
 */
public final class IpAllocator {
  private IpAllocator() {}

  /**
   * The default pools of a subnet, as Neutron makes them: every address but the network address,
   * the gateway and (IPv4) the broadcast address.
   */
  public static List<Subnet.AllocationPool> defaultPools(Cidr cidr, String gatewayIp) {
    BigInteger first = cidr.first().add(BigInteger.ONE);
    BigInteger last = cidr.version() == 4 ? cidr.last().subtract(BigInteger.ONE) : cidr.last();
    List<Subnet.AllocationPool> pools = new ArrayList<>();
    if (first.compareTo(last) > 0) return pools;
    BigInteger gateway = gatewayIp == null ? null : Cidr.toNumber(gatewayIp, "gateway_ip");
    if (gateway == null || gateway.compareTo(first) < 0 || gateway.compareTo(last) > 0) {
      pools.add(pool(first, last, cidr.version()));
      return pools;
    }
    if (gateway.compareTo(first) > 0) pools.add(pool(first, gateway.subtract(BigInteger.ONE), cidr.version()));
    if (gateway.compareTo(last) < 0) pools.add(pool(gateway.add(BigInteger.ONE), last, cidr.version()));
    return pools;
  }

  /** The lowest address of the pools not in {@code used}, if any is left. */
  public static Optional<String> next(Subnet subnet, Set<String> used) {
    int version = subnet.ipVersion();
    Set<BigInteger> taken = new java.util.HashSet<>();
    for (String u : used) taken.add(Cidr.toNumber(u, "ip_address"));
    for (Subnet.AllocationPool p : subnet.allocationPools()) {
      BigInteger a = Cidr.toNumber(p.start(), "allocation pool start");
      BigInteger end = Cidr.toNumber(p.end(), "allocation pool end");
      for (; a.compareTo(end) <= 0; a = a.add(BigInteger.ONE)) {
        if (!taken.contains(a)) return Optional.of(Cidr.format(a, version));
      }
    }
    return Optional.empty();
  }

  /**
   * An address of the pools drawn at random, each as likely as any other, whether free or not (the
   * database's unique key says); empty when the pools are.
   */
  public static Optional<String> random(Subnet subnet, RandomGenerator random) {
    List<BigInteger[]> ranges = new ArrayList<>();
    BigInteger total = BigInteger.ZERO;
    for (Subnet.AllocationPool p : subnet.allocationPools()) {
      BigInteger start = Cidr.toNumber(p.start(), "allocation pool start");
      BigInteger size = Cidr.toNumber(p.end(), "allocation pool end").subtract(start).add(BigInteger.ONE);
      if (size.signum() <= 0) continue;
      ranges.add(new BigInteger[] {start, size});
      total = total.add(size);
    }
    if (total.signum() == 0) return Optional.empty();
    BigInteger offset = below(total, random);
    for (BigInteger[] range : ranges) {
      if (offset.compareTo(range[1]) < 0) return Optional.of(Cidr.format(range[0].add(offset), subnet.ipVersion()));
      offset = offset.subtract(range[1]);
    }
    throw new IllegalStateException("an offset below the pools' total size lies in one of them");
  }

  /** A number from 0 to {@code bound - 1}, each as likely: random bits of bound's length, drawn again when too large. */
  private static BigInteger below(BigInteger bound, RandomGenerator random) {
    int bits = bound.subtract(BigInteger.ONE).bitLength();
    byte[] bytes = new byte[bits / 8 + 1];
    while (true) {
      random.nextBytes(bytes);
      BigInteger candidate = new BigInteger(1, bytes).shiftRight(bytes.length * 8 - bits);
      if (candidate.compareTo(bound) < 0) return candidate;
    }
  }

  /** Checks that a requested address belongs to the subnet. */
  public static String requireInSubnet(Subnet subnet, String ip) {
    BigInteger a = Cidr.toNumber(ip, "ip_address");
    if (!Cidr.parse(subnet.cidr()).contains(a)) {
      throw new InvalidValueException("IP address " + ip + " is not a valid IP for the subnet " + subnet.cidr());
    }
    return Cidr.format(a, subnet.ipVersion());
  }

  private static Subnet.AllocationPool pool(BigInteger start, BigInteger end, int version) {
    return new Subnet.AllocationPool(Cidr.format(start, version), Cidr.format(end, version));
  }
}
