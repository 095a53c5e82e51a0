package dev.weft.cli;

import picocli.CommandLine.Command;

/** {@code weft container}: the container verbs under one name, as Docker's. */
@Command(name = "container", mixinStandardHelpOptions = true, description = "Manage containers.",
    subcommands = {RunCommand.class, Ps.class, StopCommand.class, StartCommand.class, RmCommand.class,
        ExecCommand.class, Logs.class, InspectCommand.class})
final class ContainerCommand {}
