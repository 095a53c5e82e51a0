/**
 * Per-network endpoint tables, as pure data structures: no transport, no clock, no threads. The
 * gossip transport and the agent drive them and act on the {@link dev.weft.gossip.table.Change}s
 * they return.
 *
 * <h2>Flow</h2>
 *
 * <ol>
 *   <li>When an endpoint joins or leaves an overlay network on a host, the agent writes it into
 *       that host's {@link dev.weft.gossip.table.EndpointTable} for the network
 *       ({@code put}/{@code delete}) and the transport pushes the record to a few peers.
 *   <li>A peer {@code merge}s pushed records and programs neighbour/FDB entries and DNS from the
 *       changes the merge returns.
 *   <li>Anti-entropy, every sync interval, with one random peer of the network: send
 *       {@code digest()}; the peer replies {@code answer(digest)}, a
 *       {@link dev.weft.gossip.table.SyncReply} holding what the requester lacks; the requester
 *       {@code merge}s the reply whole. A node joining the network does this once before anything
 *       else (its digest is empty, so it pulls everything).
 *   <li>Membership events reach every table as {@code ownerDown}/{@code ownerUp}; {@code reap}
 *       runs periodically and removes what has been kept long enough
 *       ({@link dev.weft.gossip.table.ReapPolicy}).
 * </ol>
 *
 * <h2>What must hold</h2>
 *
 * <ul>
 *   <li><b>Single writer.</b> Only the owner writes an entry; a table accepts own writes only for
 *       its own node id, with strictly increasing versions of the current incarnation, and ignores
 *       its own records when peers send them back. Entries are keyed by (endpoint id, owner), so
 *       versions of different owners are never compared.
 *   <li><b>Newer wins.</b> A record replaces the stored one only if its
 *       {@link dev.weft.gossip.table.Version} is strictly newer; an equal or older one is ignored.
 *       Versions are (incarnation, counter), and the incarnation grows with each start of the
 *       owner's daemon, so a restarted owner's writes win over everything it wrote before.
 *   <li><b>Deletes are tombstones</b>, versioned like puts, so a replayed older put loses to them.
 *   <li><b>The digest is a coverage claim, not the highest version seen.</b> For each owner it is
 *       a version up to which the table reflects every write of that owner (or knows it to be
 *       obsolete); a peer answers with everything above it. Pushed records can arrive out of order
 *       or not at all, so they never raise the digest; only the owner's own writes and complete
 *       anti-entropy replies do (by the reply's digest, if the requester still covers what it
 *       asked from). Once an owner's digest covers a version, a record of that owner at or below
 *       it that the table does not hold is obsolete and is dropped, which keeps an old put from
 *       coming back on that node even after its tombstone has been reaped.
 *   <li><b>Restarted owners.</b> A table starts with its own digest at (incarnation, 0), so peers
 *       never send an owner its earlier life. Once a node learns of a newer incarnation of an owner
 *       (from a record or a reply's digest), the owner's live entries of earlier incarnations stay
 *       visible for the owner retention and are then removed, unless the owner re-announces them
 *       first (same endpoint, new version: no visible change). Such old entries are not passed on.
 *   <li><b>Dead owners.</b> {@code ownerDown} keeps the owner's entries visible (a short partition
 *       must not blank DNS); {@code reap} removes them after the owner retention, resets the
 *       owner's digest (a table never vouches for what it no longer holds, since peers raise their
 *       own digest to it) and from then on ignores the owner's records; {@code ownerUp} cancels a
 *       pending removal, or after one lets the next exchange pull the owner's entries again.
 *   <li><b>Convergence.</b> With the above, any set of tables that keeps exchanging anti-entropy
 *       replies without loss ends with the same visible entries, whatever pushes were lost,
 *       repeated or reordered before ({@code ConvergenceSimulationTest}).
 * </ul>
 *
 * <h2>Limit</h2>
 *
 * A tombstone is forgotten after the tombstone TTL. A node that has not yet seen a delete, and is
 * not told of it before every peer has forgotten the tombstone, keeps the old entry until its owner
 * restarts or is reaped as down. A partition of the node from the owner is covered, since the node
 * then reaps the owner's entries (see {@link dev.weft.gossip.table.ReapPolicy} for the bound the
 * TTL must clear); a node that membership sees as up but that fails every anti-entropy exchange
 * for longer than the TTL is not.
 */
package dev.weft.gossip.table;
