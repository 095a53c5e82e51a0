package dev.weft.cli;

import picocli.CommandLine.Command;

/** {@code weft node}: manage swarm nodes. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Manage swarm nodes.",
    subcommands = {NodeLs.class, NodeInspect.class, NodePromote.class, NodeDemote.class, NodeUpdate.class,
        NodeRm.class})
final class NodeCommand {}
