package dev.weft.agent.overlay;

import dev.weft.gossip.table.EndpointRecord;
import dev.weft.proto.PeerView;
import java.util.List;

/** The gossiped endpoint tables, as the overlay service needs them (a fake in unit tests). */
public interface EndpointDirectory {
  void publish(String networkId, String endpointId, String ip, String mac, String name, List<String> aliases);

  void withdraw(String networkId, String endpointId);

  /** Live endpoints of the network, this node's included. */
  List<EndpointRecord> live(String networkId);

  /** The other hosts with endpoints on the network. */
  List<PeerView> peers(String networkId);
}
