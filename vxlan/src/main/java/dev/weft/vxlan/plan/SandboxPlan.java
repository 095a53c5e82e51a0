package dev.weft.vxlan.plan;

import java.util.List;

/**
 * The changes for one sandbox, in the order they must run: the namespace first (on its own —
 * a namespace added inside a batch is unusable), then the sandbox's clearing batch (devices that
 * must go before a new one with the same name can move in), then the host-namespace batch, then
 * the sandbox's {@code bridge} (FDB) batch, then its {@code ip} batch. FDB before neighbours: the
 * vxlan device answers ARP from its neighbour entries, and a frame to a MAC its FDB does not know
 * yet is dropped; with the neighbour first, a connection that resolved the address in between lost
 * its SYN and waited out TCP's 1 s retransmission.
 *
 * @param createNetns whether to run {@code ip netns add} first
 * @param clear lines for {@code ip -n SANDBOX -batch -} that run before the host batch
 * @param host lines for {@code ip -batch -} in the host namespace
 * @param sandbox lines for {@code ip -n SANDBOX -batch -}
 * @param fdb lines for {@code bridge -n SANDBOX -batch -}
 * @param reasons why a device is re-created or removed (for the log); empty otherwise
 */
public record SandboxPlan(boolean createNetns, List<String> clear, List<String> host, List<String> sandbox,
    List<String> fdb, List<String> reasons) {
  public SandboxPlan {
    clear = List.copyOf(clear);
    host = List.copyOf(host);
    sandbox = List.copyOf(sandbox);
    fdb = List.copyOf(fdb);
    reasons = List.copyOf(reasons);
  }

  public boolean isEmpty() {
    return !createNetns && clear.isEmpty() && host.isEmpty() && sandbox.isEmpty() && fdb.isEmpty();
  }

  /** The plan as text, one section per batch (what the golden files hold). */
  public String render() {
    StringBuilder s = new StringBuilder();
    if (createNetns) {
      s.append("# netns\n");
    }
    if (!clear.isEmpty()) {
      s.append("# clear\n");
      clear.forEach(l -> s.append(l).append('\n'));
    }
    s.append("# host\n");
    host.forEach(l -> s.append(l).append('\n'));
    s.append("# fdb\n");
    fdb.forEach(l -> s.append(l).append('\n'));
    s.append("# sandbox\n");
    sandbox.forEach(l -> s.append(l).append('\n'));
    return s.toString();
  }
}
