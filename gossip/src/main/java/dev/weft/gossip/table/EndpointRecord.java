package dev.weft.gossip.table;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One endpoint of an overlay network as its owner announced it: a live entry, or a tombstone that
 * says the endpoint is gone.
 *
 * <p>A live record carries everything another host needs to reach the endpoint: its address and
 * MAC for the neighbour entry, the owner's data-path address for the FDB entry, and its name and
 * aliases for DNS. A tombstone carries only its identity and version ({@link #tombstone}), so two
 * tombstones of the same write are equal wherever they were made. When a tombstone may be
 * forgotten is each table's own business, measured on its own clock (see {@link ReapPolicy}), so no
 * time travels in the record.
 *
 * @param endpointId the endpoint's id, unique within its network
 * @param networkId the network the endpoint is attached to
 * @param ip the endpoint's address in the network (an IPv4 or IPv6 literal); empty in a tombstone
 * @param mac the endpoint's MAC, stored in lower case; empty in a tombstone
 * @param hostDataPathIp the owner's VTEP address on the underlay; empty in a tombstone
 * @param name the container's or task's name, answered by DNS; empty in a tombstone
 * @param aliases further DNS names of the endpoint on this network; empty in a tombstone
 * @param owner the id of the node that wrote the record, the only node that may write it
 * @param version the owner's version of this write
 * @param deleted whether this is a tombstone
 */
public record EndpointRecord(
    String endpointId,
    String networkId,
    String ip,
    String mac,
    String hostDataPathIp,
    String name,
    List<String> aliases,
    String owner,
    Version version,
    boolean deleted) {

  private static final Pattern MAC = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  /** Only the shape: hex digits, dots and at least two colons; enough to refuse names and junk. */
  private static final Pattern IPV6 = Pattern.compile("[\\p{XDigit}:.]*:[\\p{XDigit}:.]*:[\\p{XDigit}:.]*");

  public EndpointRecord {
    requireId("endpointId", endpointId);
    requireId("networkId", networkId);
    requireId("owner", owner);
    if (version == null) {
      throw new IllegalArgumentException("version is required");
    }
    if (aliases == null) {
      throw new IllegalArgumentException("aliases must not be null; use List.of()");
    }
    aliases = List.copyOf(aliases);
    if (deleted) {
      if (!isEmpty(ip) || !isEmpty(mac) || !isEmpty(hostDataPathIp) || !isEmpty(name)
          || !aliases.isEmpty()) {
        throw new IllegalArgumentException(
            "tombstone of " + endpointId + " must carry no address, MAC, name or aliases");
      }
    } else {
      requireIp("ip", ip);
      requireIp("hostDataPathIp", hostDataPathIp);
      if (mac == null || !MAC.matcher(mac).matches()) {
        throw new IllegalArgumentException("mac must look like 02:42:c6:12:00:05, not " + mac);
      }
      mac = mac.toLowerCase(Locale.ROOT);
      requireName("name", name);
      for (String alias : aliases) {
        requireName("alias", alias);
      }
    }
  }

  /** The tombstone the owner writes when the endpoint leaves the network. */
  public static EndpointRecord tombstone(
      String endpointId, String networkId, String owner, Version version) {
    return new EndpointRecord(endpointId, networkId, "", "", "", "", List.of(), owner, version, true);
  }

  /** The same endpoint under another version, as the owner re-announces it after a restart. */
  public EndpointRecord withVersion(Version newVersion) {
    return new EndpointRecord(endpointId, networkId, ip, mac, hostDataPathIp, name, aliases, owner,
        newVersion, deleted);
  }

  /**
   * Whether a host that programmed {@code other} has nothing to change for this record: same
   * endpoint, same address, MAC, VTEP, name and aliases, whatever the versions.
   */
  public boolean samePayload(EndpointRecord other) {
    return endpointId.equals(other.endpointId) && owner.equals(other.owner)
        && deleted == other.deleted && ip.equals(other.ip) && mac.equals(other.mac)
        && hostDataPathIp.equals(other.hostDataPathIp) && name.equals(other.name)
        && aliases.equals(other.aliases);
  }

  /** Whether DNS should answer {@code query} with this record: its name or an alias, ignoring case. */
  public boolean answersTo(String query) {
    if (deleted) {
      return false;
    }
    if (name.equalsIgnoreCase(query)) {
      return true;
    }
    for (String alias : aliases) {
      if (alias.equalsIgnoreCase(query)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEmpty(String value) {
    return value != null && value.isEmpty();
  }

  private static void requireId(String field, String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(field + " must be a non-blank id without spaces, not '"
          + value + "'");
    }
  }

  private static void requireName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  private static void requireIp(String field, String value) {
    if (value == null || !(IPV4.matcher(value).matches() || IPV6.matcher(value).matches())) {
      throw new IllegalArgumentException(field + " must be an IPv4 or IPv6 literal, not '" + value + "'");
    }
  }
}
