/**
 * Membership and per-network endpoint tables, spread by gossip between the agents.
 *
 * <p>This package will hold weft's membership API (who is alive, at which data-path address) and
 * the transport that exchanges the endpoint tables agents keep per overlay network; the tables
 * themselves, pure and transport-free, are in {@link dev.weft.gossip.table}. ScaleCube does the
 * gossip, and none of its types leave this module. What must hold: settings are plain records with documented presets
 * ({@link dev.weft.gossip.GossipSettings}); time and randomness are passed in, never read here.
 */
package dev.weft.gossip;
