package dev.weft.cli;

import picocli.CommandLine.Command;

/** {@code weft service}: manage swarm services (on a manager). */
@Command(name = "service", mixinStandardHelpOptions = true, description = "Manage swarm services.",
    subcommands = {ServiceCreate.class, ServiceLs.class, ServicePs.class, ServiceInspect.class, ServiceUpdate.class,
        ServiceScale.class, ServiceRm.class, ServiceLogs.class})
final class ServiceCommand {}
