package dev.weft.agent.ipam;

import dev.weft.net.Ipv4Subnet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The daemon's pools for local networks that name no subnet (dockerd's
 * {@code --default-address-pool base=CIDR,size=N}): the first block of the given size in the
 * first pool that overlaps no existing network.
 *
 * @param pools the pools, in order
 */
public record LocalPools(List<Pool> pools) {
  /** Docker's defaults: 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/16 in /20s. */
  public static final LocalPools DOCKER_DEFAULT = new LocalPools(List.of(
      new Pool(Ipv4Subnet.parse("172.17.0.0/16"), 16), new Pool(Ipv4Subnet.parse("172.18.0.0/15"), 16),
      new Pool(Ipv4Subnet.parse("172.20.0.0/14"), 16), new Pool(Ipv4Subnet.parse("172.24.0.0/13"), 16),
      new Pool(Ipv4Subnet.parse("192.168.0.0/16"), 20)));

  /** One pool: blocks of {@code /size} carved from {@code base}. */
  public record Pool(Ipv4Subnet base, int size) {
    public Pool {
      if (size < base.prefix() || size > 30) {
        throw new IllegalArgumentException("pool size /" + size + " must be between /" + base.prefix() + " and /30");
      }
    }
  }

  /** Parses {@code base=CIDR,size=N} (the form of dockerd's flag). */
  public static Pool parsePool(String text) {
    String base = null;
    Integer size = null;
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals("base")) {
        base = kv[1].trim();
      } else if (kv.length == 2 && kv[0].trim().equals("size")) {
        try {
          size = Integer.parseInt(kv[1].trim());
        } catch (NumberFormatException e) {
          size = -1;
        }
      } else {
        throw new IllegalArgumentException("invalid address pool '" + text + "': expected base=CIDR,size=N");
      }
    }
    if (base == null || size == null) {
      throw new IllegalArgumentException("invalid address pool '" + text + "': expected base=CIDR,size=N");
    }
    return new Pool(Ipv4Subnet.parse(base), size);
  }

  public Ipv4Subnet pick(Collection<Ipv4Subnet> taken) {
    List<Ipv4Subnet> used = new ArrayList<>(taken);
    for (Pool pool : pools) {
      long step = 1L << (32 - pool.size());
      for (long at = pool.base().first(); at + step - 1 <= pool.base().last(); at += step) {
        Ipv4Subnet candidate = new Ipv4Subnet(at, pool.size());
        if (used.stream().noneMatch(candidate::overlaps)) {
          return candidate;
        }
      }
    }
    throw new IllegalArgumentException("all predefined address pools have been fully subnetted: remove unused "
        + "networks ('weft network prune') or give a --subnet");
  }
}
