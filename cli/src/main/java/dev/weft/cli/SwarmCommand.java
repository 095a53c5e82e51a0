package dev.weft.cli;

import picocli.CommandLine.Command;

/** {@code weft swarm}: manage the swarm. */
@Command(name = "swarm", mixinStandardHelpOptions = true, description = "Manage the swarm.",
    subcommands = {SwarmInit.class, SwarmJoin.class, SwarmLeave.class, SwarmJoinToken.class})
final class SwarmCommand {}
