package dev.weft.cli;

import picocli.CommandLine.Command;

/** {@code weft network}: manage networks. */
@Command(name = "network", mixinStandardHelpOptions = true, description = "Manage networks.",
    subcommands = {NetworkCreate.class, NetworkLs.class, NetworkInspect.class, NetworkRm.class, NetworkPrune.class,
        NetworkConnect.class, NetworkDisconnect.class})
final class NetworkCommand {}
