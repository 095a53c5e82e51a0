package dev.weft.gossip.transport;

import io.scalecube.cluster.fdetector.FailureDetectorImpl;
import io.scalecube.cluster.gossip.GossipProtocolImpl;
import io.scalecube.cluster.membership.MembershipProtocolImpl;
import io.scalecube.cluster.metadata.MetadataStoreImpl;
import java.util.Map;
import java.util.Set;

/**
 * What a ScaleCube 2.7 message may contain, for {@link FilteredMessageCodec}: the classes its
 * SWIM messages are made of, which of them read a count with {@code readInt()} before allocating,
 * and which payload class goes with each system qualifier. Checked against the 2.7.10 sources; a
 * ScaleCube upgrade must re-check this list (a missing class shows as rejected messages and a
 * cluster that never forms, which the in-process tests catch).
 */
final class ScaleCubeAllowList {
  private ScaleCubeAllowList() {}

  private static final String MESSAGE = "io.scalecube.cluster.transport.api.Message";
  private static final String PING_DATA = "io.scalecube.cluster.fdetector.PingData";
  private static final String SYNC_DATA = "io.scalecube.cluster.membership.SyncData";
  private static final String GOSSIP_REQUEST = "io.scalecube.cluster.gossip.GossipRequest";
  private static final String GET_METADATA_REQUEST = "io.scalecube.cluster.metadata.GetMetadataRequest";
  private static final String GET_METADATA_RESPONSE = "io.scalecube.cluster.metadata.GetMetadataResponse";

  /** Every class a ScaleCube message graph may contain; anything else is rejected. */
  static final Set<String> CLASSES = Set.of(
      MESSAGE,
      "io.scalecube.cluster.Member",
      "io.scalecube.cluster.membership.MembershipRecord",
      "io.scalecube.cluster.membership.MemberStatus",
      SYNC_DATA,
      PING_DATA,
      "io.scalecube.cluster.fdetector.PingData$AckType",
      "io.scalecube.cluster.gossip.Gossip",
      GOSSIP_REQUEST,
      GET_METADATA_REQUEST,
      GET_METADATA_RESPONSE,
      "java.lang.Enum",
      "java.lang.String");

  /**
   * Classes whose {@code readExternal} reads a count or length with {@code readInt()} and
   * allocates from it ({@code new HashMap<>(n)}, {@code new ArrayList<>(n)}, {@code new byte[n]});
   * such a value must fit in the message. {@code MembershipRecord} reads its incarnation with
   * {@code readInt()} too, which is not a size, so it is not listed.
   */
  static final Set<String> COUNT_READERS = Set.of(MESSAGE, SYNC_DATA, GOSSIP_REQUEST, GET_METADATA_RESPONSE);

  /**
   * The payload class of each system message. ScaleCube casts a message's data by its qualifier
   * inside its subscribers, and a failed cast ends the subscription (the node stops answering
   * pings), so a mismatch is rejected at decoding.
   */
  static final Map<String, String> SYSTEM_PAYLOADS = Map.of(
      FailureDetectorImpl.PING, PING_DATA,
      FailureDetectorImpl.PING_REQ, PING_DATA,
      FailureDetectorImpl.PING_ACK, PING_DATA,
      MembershipProtocolImpl.SYNC, SYNC_DATA,
      MembershipProtocolImpl.SYNC_ACK, SYNC_DATA,
      GossipProtocolImpl.GOSSIP_REQ, GOSSIP_REQUEST,
      MetadataStoreImpl.GET_METADATA_REQ, GET_METADATA_REQUEST,
      MetadataStoreImpl.GET_METADATA_RESP, GET_METADATA_RESPONSE);
}
