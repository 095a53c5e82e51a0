/**
 * Membership and per-network endpoint tables, spread by gossip between the agents.
 *
 * <p>This package will hold weft's membership API (who is alive, at which data-path address) and
 * the endpoint tables agents exchange per overlay network; ScaleCube does the gossip, and none of
 * its types leave this package. What must hold: settings are plain records with documented presets
 * ({@link dev.weft.gossip.GossipSettings}); time and randomness are passed in, never read here.
 */
package dev.weft.gossip;
